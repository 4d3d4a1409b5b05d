//! `Coder.parse`: a document's dependency parse as Python dicts, one per
//! sentence, with the fields of `dyad parse`'s CoNLL-U (form, UPOS, XPOS,
//! head, relation) and each word's character offsets (its `TokenRange`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use dyad::syntax::ParsedSentence;
use dyad::Syntax;

/// Character offsets (Unicode scalar values) of byte offsets into one
/// text, as the events' offsets are counted.
pub struct CharOffsets {
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn of(text: &str) -> CharOffsets {
        CharOffsets { starts: text.char_indices().map(|(i, _)| i).collect() }
    }

    pub fn at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&c| c < byte)
    }
}

/// Every parsed sentence as `{"index", "text", "start", "end", "tokens"}`;
/// `index` is the sentence's `sentence_index` in events. Sentences without
/// words are left out, as `dyad parse` leaves them out.
pub fn sentences_to_list<'py>(py: Python<'py>, syntax: &Syntax, text: &str, parsed: &[ParsedSentence]) -> PyResult<Bound<'py, PyList>> {
    let chars = CharOffsets::of(text);
    let out = PyList::empty(py);
    for (index, sentence) in parsed.iter().enumerate().filter(|(_, s)| !s.words.spans.is_empty()) {
        let dict = PyDict::new(py);
        dict.set_item("index", index)?;
        dict.set_item("text", &text[sentence.start..sentence.end])?;
        dict.set_item("start", chars.at(sentence.start))?;
        dict.set_item("end", chars.at(sentence.end))?;
        dict.set_item("tokens", tokens_to_list(py, syntax, text, sentence, &chars)?)?;
        out.append(dict)?;
    }
    Ok(out)
}

/// The words of one sentence: `id` counts from 1 and `head` is the id of
/// the word it hangs from, 0 for the root (CoNLL-U's numbering).
fn tokens_to_list<'py>(
    py: Python<'py>,
    syntax: &Syntax,
    text: &str,
    s: &ParsedSentence,
    chars: &CharOffsets,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for (i, &(start, end)) in s.words.spans.iter().enumerate() {
        let token = PyDict::new(py);
        token.set_item("id", i + 1)?;
        token.set_item("text", &text[start..end])?;
        token.set_item("start", chars.at(start))?;
        token.set_item("end", chars.at(end))?;
        token.set_item("upos", syntax.upos(s.parse.tags[i]))?;
        token.set_item("xpos", syntax.xpos(s.parse.tags[i]))?;
        token.set_item("head", s.parse.heads[i])?;
        token.set_item("deprel", syntax.label(s.parse.labels[i]))?;
        out.append(token)?;
    }
    Ok(out)
}
