//! The fuzz targets: each takes any bytes, feeds them to one of dyad's
//! readers of untrusted input, and panics only when dyad breaks a promise
//! (a panic inside dyad, or a result that contradicts its input). Shared by
//! the `cargo fuzz` targets (`fuzz_targets/`) and the stable driver
//! (`examples/stable.rs`).

use std::sync::{Arc, OnceLock};

/// The hostile-document generator and span check of dyad's property tests.
#[path = "../../crates/dyad/tests/hostile/gen.rs"]
pub mod gen;

use dyad::coder::Options;
use dyad::{Coder, Document, NaiveDate};
use dyad_dict::{DictFile, DictSet};
use dyad_text::sentences::{split, MAX_SENTENCE_BYTES};

/// The document readers: a plain-text article (front matter), JSON Lines,
/// an HTML page and an RSS/Atom feed. Errors are fine; panics are not.
pub fn documents(data: &[u8]) {
    let _ = dyad_text::document::read_article("fuzz.txt", "fuzz", data);
    let _ = dyad_text::document::read_jsonl("fuzz.jsonl", "fuzz", data);
    let _ = dyad_sources::feed::read_feed(data);
    let text = String::from_utf8_lossy(data);
    let _ = dyad_sources::html::extract_article(&text, Some("https://news.example/2025/09/12/story"));
}

/// The sentence splitter: every sentence lies inside the text, on
/// character boundaries, after the previous one, within the byte limit.
pub fn sentences(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut out = Vec::new();
    split(&text, 0, text.len(), &mut out);
    let mut previous_end = 0;
    for &(start, end) in &out {
        assert!(previous_end <= start && start < end && end <= text.len(), "sentence {start}..{end} after {previous_end}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "sentence {start}..{end} splits a character");
        assert!(end - start <= MAX_SENTENCE_BYTES, "sentence {start}..{end} is over the limit");
        previous_end = end;
    }
}

fn builtin_coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::builtin().expect("the built-in dictionaries load"))
}

/// The coder on a document of these bytes: no panic (the guard turns one
/// into an error, which this target turns back into a panic to report it),
/// and every span is the document's text at its character offsets.
pub fn coder(data: &[u8]) {
    let doc = Document::from_text("fuzz", String::from_utf8_lossy(data).into_owned(), NaiveDate::from_ymd_opt(2025, 9, 12));
    let events = builtin_coder().code_guarded(&doc, Options { explain: true }).unwrap_or_else(|e| panic!("{e}"));
    let errors = gen::span_errors(&doc.text, &events);
    assert!(errors.is_empty(), "{errors:?}");
}

/// The dictionary parsers: the first byte picks a built-in dictionary file,
/// the rest replaces its text, and loading the set must give a coder or
/// errors (naming file and line), never a panic.
pub fn dictionaries(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let mut files: Vec<DictFile> = DictSet::builtin().files().to_vec();
    let at = usize::from(pick) % files.len();
    files[at].text = Arc::from(String::from_utf8_lossy(rest).as_ref());
    if let Err(errors) = Coder::load(&DictSet::from_files(files)) {
        assert!(!errors.to_string().is_empty(), "a failed load says why");
    }
}
