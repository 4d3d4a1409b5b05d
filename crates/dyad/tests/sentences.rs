//! Sentences written for dyad with the events they must yield
//! (`tests/data/sentences.txt`), coded with the built-in dictionaries.

use dyad::{Coder, Document, Event, NaiveDate};

const CASES: &str = include_str!("data/sentences.txt");

struct Expected {
    source: String,
    target: String,
    code: String,
    modality: String,
}

fn code_matches(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => code.starts_with(prefix),
        None => pattern == code,
    }
}

fn actor_matches(pattern: &str, actor: &Option<dyad::event::ActorRef>) -> bool {
    match actor {
        None => pattern == "-",
        Some(a) => pattern != "-" && code_matches(pattern, &a.code),
    }
}

fn describe(e: &Event) -> String {
    let a = |x: &Option<dyad::event::ActorRef>| x.as_ref().map_or("-".to_string(), |a| a.code.to_string());
    format!("{} {} {} {}", a(&e.source), a(&e.target), e.cameo, e.modality.as_str())
}

#[test]
fn written_sentences_yield_their_events() {
    let coder = Coder::builtin().expect("built-in dictionaries load");
    let date = NaiveDate::from_ymd_opt(2025, 9, 12);
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in CASES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (sentence, expected) = line.split_once(" => ").unwrap_or_else(|| panic!("line {}: no ` => `", n + 1));
        count += 1;
        let events = coder.code(&Document::from_text(format!("s{}", n + 1), sentence, date));
        if expected.trim() == "none" {
            let asserted: Vec<String> = events.iter().filter(|e| e.modality == dyad::event::Modality::Asserted).map(describe).collect();
            if !asserted.is_empty() {
                failures.push(format!("line {}: {sentence}\n    expected no asserted event, got {asserted:?}", n + 1));
            }
            continue;
        }
        for spec in expected.split(';') {
            let f: Vec<&str> = spec.split_whitespace().collect();
            assert_eq!(f.len(), 4, "line {}: expected `SOURCE TARGET CODE MODALITY`", n + 1);
            let want = Expected { source: f[0].into(), target: f[1].into(), code: f[2].into(), modality: f[3].into() };
            let found = events.iter().any(|e| {
                actor_matches(&want.source, &e.source)
                    && actor_matches(&want.target, &e.target)
                    && code_matches(&want.code, &e.cameo)
                    && e.modality.as_str() == want.modality
            });
            if !found {
                failures.push(format!(
                    "line {}: {sentence}\n    expected {}\n    got {:?}",
                    n + 1,
                    spec.trim(),
                    events.iter().map(describe).collect::<Vec<_>>()
                ));
            }
        }
    }
    println!("{} sentences, {} failures", count, failures.len());
    assert!(count >= 30);
    assert!(failures.is_empty(), "{} of {count} sentences failed:\n{}", failures.len(), failures.join("\n"));
}
