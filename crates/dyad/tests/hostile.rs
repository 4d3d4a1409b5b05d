//! Property tests: generated and mutated news-like documents never panic,
//! every span is the document's text at its character offsets, and no
//! sentence passes the splitter's limits (so work per sentence is bounded).
//! The long run over hundreds of thousands of documents is
//! `cargo run --release -p dyad --example hostile` (docs/performance.md).

#[path = "hostile/gen.rs"]
mod gen;

use std::sync::OnceLock;

use dyad::coder::{sentences, Options};
use dyad::{Coder, Document, NaiveDate};
use dyad_text::sentences::{MAX_SENTENCE_BYTES, MAX_SENTENCE_WORDS};
use proptest::prelude::*;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::builtin().expect("built-in dictionaries load"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hostile_documents_code_without_panic_and_with_true_offsets(text in gen::document()) {
        let doc = Document::from_text("hostile", text.clone(), NaiveDate::from_ymd_opt(2025, 9, 12));
        let events = coder().code_guarded(&doc, Options { explain: true, sourceless: true });
        prop_assert!(events.is_ok(), "{:?}", events.err());
        let errors = gen::span_errors(&text, &events.unwrap_or_default());
        prop_assert!(errors.is_empty(), "{:?} in {:?}", errors, text);
        for s in sentences(&text) {
            let sentence = &text[s.start..s.end];
            prop_assert!(sentence.len() <= MAX_SENTENCE_BYTES && sentence.split_whitespace().count() <= MAX_SENTENCE_WORDS);
        }
    }

    #[test]
    fn hostile_json_lines_fail_line_by_line(text in gen::document(), id in any::<u64>()) {
        let line = serde_json::json!({"id": id, "text": text}).to_string();
        let input = format!("{line}\n{}\n{line}\n", text.replace('\n', " "));
        let items = dyad::document::read_jsonl("h.jsonl", "h", input.as_bytes());
        prop_assert!(items.len() >= 2);
        let first = items.first().and_then(|i| i.as_ref().ok()).map(|d| d.id.clone());
        // A line over the size limit is refused like any bad line.
        let readable = !text.trim().is_empty() && line.len() <= dyad::document::MAX_DOCUMENT_BYTES;
        prop_assert_eq!(first, readable.then(|| id.to_string()));
    }
}
