//! Every span an event gives as evidence is the text at its character
//! offsets in the document, even when an actor was named in another
//! sentence (a pronoun's antecedent, a role noun resolved backwards).

use dyad::event::Span;
use dyad::{Coder, Document, NaiveDate};

fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn assert_span(doc: &Document, what: &str, text: &str, start: usize, end: usize) {
    assert!(start <= end, "{what}: start {start} after end {end}");
    assert_eq!(slice_chars(&doc.text, start, end), text, "{what} of {:?}", doc.text);
}

/// Codes `text` and checks every span; returns (source text, source name)
/// of each event for the callers' own checks.
fn coded_spans(coder: &Coder, text: &str) -> Vec<(String, String)> {
    let doc = Document::from_text("t", text, NaiveDate::from_ymd_opt(2025, 3, 4));
    let events = coder.code(&doc);
    let mut sources = Vec::new();
    for e in &events {
        let Span { text, start, end } = &e.action;
        assert_span(&doc, "action", text, *start, *end);
        for actor in [&e.source, &e.target].into_iter().flatten() {
            assert_span(&doc, "actor", &actor.text, actor.start, actor.end);
        }
        if let Some(actor) = &e.source {
            sources.push((actor.text.clone(), actor.name.to_string()));
        }
    }
    sources
}

#[test]
fn a_pronoun_after_a_short_label_line_points_at_itself() {
    let coder = Coder::builtin().unwrap();
    // A label line with a name, then a shorter sentence whose subject is a
    // pronoun: the antecedent's token positions do not exist there.
    for text in [
        "Conversation: Moshe Yaalon\nHe attacked.",
        "Notes 2)Yaalon\nHe attacked.",
        "Talking to Vladimir Putin\nHe attacked Kyiv on Monday with drones.",
    ] {
        let sources = coded_spans(&coder, text);
        assert!(sources.iter().all(|(text, _)| text == "He"), "{text}: {sources:?}");
    }
}

#[test]
fn a_speaker_of_a_quote_carries_into_the_next_paragraph() {
    let coder = Coder::builtin().unwrap();
    let text = "\"We will not wait forever,\" Marco Rubio said.\n\nHe urged Caracas to free the detained Americans.";
    let sources = coded_spans(&coder, text);
    assert!(sources.iter().any(|(text, name)| text == "He" && name.contains("Rubio")), "{sources:?}");
}

#[test]
fn a_definite_role_noun_keeps_its_own_span() {
    let coder = Coder::builtin().unwrap();
    coded_spans(&coder, "Vladimir Putin met envoys in Moscow.\nThe president later attacked the Ukrainian capital with missiles.");
}
