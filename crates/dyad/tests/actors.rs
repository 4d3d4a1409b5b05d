//! Actor recognition with the built-in dictionaries: dated roles, titles,
//! role nouns, compound actors, capitalisation and coreference.

use dyad::{Coder, Document, NaiveDate};

fn coder() -> Coder {
    Coder::builtin().expect("built-in dictionaries load")
}

fn codes(coder: &Coder, text: &str, date: &str) -> Vec<String> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    coder.actor_codes(&Document::from_text("t", text, date))
}

#[test]
fn dated_roles_follow_the_document_date() {
    let c = coder();
    assert_eq!(codes(&c, "Trump spoke.", "2019-06-01"), ["USAGOV"]);
    assert_eq!(codes(&c, "Trump spoke.", "2023-06-01"), ["USAELI"]);
    assert_eq!(codes(&c, "Trump spoke.", "2025-09-12"), ["USAGOV"]);
    assert_eq!(codes(&c, "Zelenskiy spoke.", "2025-09-12"), ["UKRGOV"]);
}

#[test]
fn titles_and_role_nouns_combine_with_countries() {
    let c = coder();
    for (text, code) in [
        ("Russian President Vladimir Putin", "RUSGOV"),
        ("Kremlin spokesman Dmitry Peskov", "RUSGOV"),
        ("Treasury Secretary Scott Bessent", "USAGOV"),
        ("Russian negotiators", "RUSGOV"),
        ("Ukrainian troops", "UKRMIL"),
        ("Israeli police", "ISRCOP"),
        ("the government of Liberia", "LBRGOV"),
        ("the Pentagon", "USAMIL"),
        ("UN peacekeepers", "IGOUNOMIL"),
        ("Houthi rebels", "YEMREB"),
    ] {
        assert_eq!(codes(&c, text, "2025-09-12"), [code], "{text}");
    }
}

#[test]
fn compound_actors_yield_every_member() {
    let c = coder();
    assert_eq!(codes(&c, "Russia and China", "2025-09-12"), ["RUS", "CHN"]);
    assert_eq!(codes(&c, "Hungarian and Romanian officials", "2025-09-12"), ["HUNGOV", "ROUGOV"]);
    assert_eq!(codes(&c, "Iran, Iraq and Syria", "2025-09-12"), ["IRN", "IRQ", "SYR"]);
}

#[test]
fn ethnic_groups_and_stances_are_not_states() {
    let c = coder();
    assert!(!codes(&c, "Ethnic Albanians in south Serbia protested.", "2025-09-12").iter().any(|code| code.starts_with("ALB")));
    assert!(!codes(&c, "An anti-Syria journalist was killed in Beirut.", "2025-09-12").iter().any(|code| code.starts_with("SYR")));
}

#[test]
fn capitalisation_guards_common_words() {
    let c = coder();
    assert!(codes(&c, "They told us about the turkey and the china plates.", "2025-09-12").is_empty());
    assert_eq!(codes(&c, "The US and Turkey", "2025-09-12"), ["USA", "TUR"]);
}

#[test]
fn definite_role_nouns_refer_back() {
    let c = coder();
    let events = |text: &str| {
        c.code(&Document::from_text("t", text, NaiveDate::from_ymd_opt(2025, 9, 12)))
            .into_iter()
            .map(|e| (e.source.map(|a| a.code.to_string()).unwrap_or_default(), e.cameo))
            .collect::<Vec<_>>()
    };
    // "the president" continues the previous sentence's subject.
    let got = events("Putin met Erdogan in Ankara on Monday. The president later criticised NATO.");
    assert!(got.contains(&("RUSGOV".to_string(), "111".to_string())), "{got:?}");
    // A headline's actor carries into the lead.
    let got = events("Kremlin halts talks with Kyiv\nThe ministry said negotiations with Ukraine were suspended.");
    assert!(got.iter().filter(|(s, c)| s == "RUSGOV" && c == "164").count() >= 1 && got.iter().all(|(s, _)| s == "RUSGOV"), "{got:?}");
    // "he" is the last person named.
    let got = events("Israeli Prime Minister Benjamin Netanyahu spoke on Tuesday. He accused Iran of arming Hezbollah.");
    assert!(got.iter().any(|(s, c)| s == "ISRGOV" && c.starts_with("112")), "{got:?}");
}
