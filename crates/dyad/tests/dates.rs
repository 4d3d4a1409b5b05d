//! Event dates from expressions in the text, relative to the document date
//! (Friday 2025-09-12).

use dyad::{Coder, Document, NaiveDate};

fn date_of(coder: &Coder, text: &str) -> (Option<String>, String) {
    let events = coder.code(&Document::from_text("d", text, NaiveDate::from_ymd_opt(2025, 9, 12)));
    let e = events.first().unwrap_or_else(|| panic!("no event in {text:?}"));
    (e.date.map(|d| d.to_string()), serde_json::to_string(&e.date_precision).unwrap())
}

#[test]
fn relative_and_absolute_dates() {
    let coder = Coder::builtin().expect("built-in dictionaries load");
    for (text, date, precision) in [
        ("Russia attacked Ukraine on Friday.", "2025-09-12", "day"),
        ("Russia attacked Ukraine on Tuesday.", "2025-09-09", "day"),
        ("Russia attacked Ukraine last Friday.", "2025-09-05", "day"),
        ("Russia attacked Ukraine yesterday.", "2025-09-11", "day"),
        ("Russia attacked Ukraine last week.", "2025-09-05", "week"),
        ("Russia attacked Ukraine on 7 September.", "2025-09-07", "day"),
        ("Russia attacked Ukraine on September 3, 2024.", "2024-09-03", "day"),
        ("Russia attacked Ukraine in March.", "2025-03-01", "month"),
        ("Russia will attack Ukraine on 20 September.", "2025-09-20", "day"),
        ("Russia attacked Ukraine earlier this month.", "2025-09-01", "month"),
        ("Russia attacked Ukraine three days ago.", "2025-09-09", "day"),
        ("Russia attacked Ukraine.", "2025-09-12", "document"),
    ] {
        assert_eq!(date_of(&coder, text), (Some(date.to_string()), format!("\"{precision}\"")), "{text}");
    }
}
