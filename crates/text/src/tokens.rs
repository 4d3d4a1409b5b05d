//! Word tokens with byte offsets into the document text.
//!
//! The tokenizer keeps abbreviations whole ("U.S.", "Gen.", "3.5", "1,000"),
//! splits clitics ("Russia's" -> "Russia" "'s", "didn't" -> "did" "n't") and
//! makes every other punctuation mark a token of its own. A dictionary phrase
//! goes through the same tokenizer, so both sides always agree.

use crate::lexicon::{Lexicon, Sym};
use crate::normalize::{fold_into, is_single_quote};
use crate::sentences::is_abbreviation;

/// How a token is written; proper names in the dictionaries only match
/// capitalised text, acronyms only all-capital text ("US" is not "us").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// Punctuation, numbers and symbols.
    Other,
    Lower,
    Capitalized,
    AllCaps,
}

impl Shape {
    /// Whether a text token of this shape satisfies a dictionary token
    /// written with shape `required`.
    pub fn satisfies(self, required: Shape) -> bool {
        match required {
            Shape::Lower | Shape::Other => true,
            Shape::Capitalized => matches!(self, Shape::Capitalized | Shape::AllCaps),
            Shape::AllCaps => self == Shape::AllCaps,
        }
    }

    pub fn of(raw: &str) -> Shape {
        let mut letters = 0;
        let mut upper = 0;
        let mut first_upper = false;
        for c in raw.chars() {
            if c.is_alphabetic() {
                if letters == 0 {
                    first_upper = c.is_uppercase();
                }
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                }
            }
        }
        if letters == 0 {
            Shape::Other
        } else if upper == letters && letters >= 2 {
            Shape::AllCaps
        } else if first_upper {
            Shape::Capitalized
        } else {
            Shape::Lower
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Byte offsets into the document text.
    pub start: u32,
    pub end: u32,
    /// The folded form, or [`Sym::UNKNOWN`] when no dictionary uses it.
    pub norm: Sym,
    /// The lemma of the folded form ("ruled" -> "rule"); equals `norm` for
    /// words that are not inflections of a known lemma.
    pub lemma: Sym,
    pub shape: Shape,
}

impl Token {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start as usize..self.end as usize]
    }

    /// True when either the folded form or the lemma is `sym`.
    pub fn is(&self, sym: Sym) -> bool {
        self.norm == sym || self.lemma == sym
    }
}

/// Splits `text[range]` into raw token spans (byte offsets into `text`).
/// Used both for sentences and for dictionary phrases.
pub fn spans(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let c = char_at(text, i);
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if c.is_alphanumeric() {
            let word_end = scan_word(text, i, end);
            // Clitics: "n't" and "'s" become their own tokens.
            let (head_end, clitic) = split_clitic(text, i, word_end);
            out.push((i, head_end));
            if let Some(c_end) = clitic {
                out.push((head_end, c_end));
            }
            i = word_end;
            continue;
        }
        if is_single_quote(c) && i + len < end {
            // "'s" after a word that ended in a non-letter (e.g. "U.S.'s").
            let rest = &bytes[i + len..end];
            if rest.first().is_some_and(|b| *b == b's' || *b == b'S') && rest.get(1).is_none_or(|b| !b.is_ascii_alphanumeric()) && i > start
            {
                out.push((i, i + len + 1));
                i += len + 1;
                continue;
            }
        }
        out.push((i, i + len));
        i += len;
    }
}

fn char_at(text: &str, i: usize) -> char {
    // News text is mostly ASCII: skip UTF-8 decoding for it.
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b as char,
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

/// Scans one word starting at `i`: letters and digits, with the periods of
/// abbreviations, decimal points and thousands separators, and apostrophes
/// inside names ("O'Brien").
fn scan_word(text: &str, start: usize, end: usize) -> usize {
    let mut i = start;
    let mut all_digits = true;
    let mut run_start = start;
    let bytes = text.as_bytes();
    while i < end {
        // The common case, a run of ASCII letters and digits, byte by byte.
        if bytes[i].is_ascii_alphanumeric() {
            all_digits &= bytes[i].is_ascii_digit();
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if c.is_alphanumeric() || is_mark(c) {
            if !c.is_ascii_digit() {
                all_digits = false;
            }
            i += c.len_utf8();
            continue;
        }
        let next = if i + c.len_utf8() < end { Some(char_at(text, i + c.len_utf8())) } else { None };
        match c {
            '.' | ',' if all_digits && i > start && next.is_some_and(|n| n.is_ascii_digit()) => {
                i += 1;
            }
            '.' => {
                let run = &text[run_start..i];
                let single_letter = run.chars().count() == 1 && run.chars().all(char::is_alphabetic);
                // "U.S." "U.N." "e.g.": single letters joined by periods.
                if single_letter && next.is_some_and(char::is_alphabetic) {
                    let after = i + 1 + next.map_or(0, char::len_utf8);
                    let closes = after >= end || !char_at(text, after).is_alphanumeric();
                    if closes || char_at(text, after) == '.' {
                        i += 1;
                        run_start = i;
                        continue;
                    }
                }
                let is_chain = text[start..i].contains('.');
                if is_chain || (single_letter && run.chars().all(char::is_uppercase)) || is_abbreviation(run) {
                    // Keep the final period of "U.S." and "Gen." and of
                    // initials ("George W. Bush").
                    i += 1;
                }
                break;
            }
            c if is_single_quote(c) => {
                // Apostrophe inside a name (O'Brien, Sana'a), but not the
                // start of a clitic.
                let rest = &text[i + c.len_utf8()..end];
                let clitic = rest.starts_with(['s', 'S']) && !rest[1..].starts_with(char::is_alphanumeric);
                let negation =
                    text[start..i].ends_with(['n', 'N']) && rest.starts_with(['t', 'T']) && !rest[1..].starts_with(char::is_alphanumeric);
                if !clitic && !negation && next.is_some_and(char::is_alphabetic) {
                    i += c.len_utf8();
                    continue;
                }
                if negation {
                    // Keep "n't" with the word; split_clitic separates it.
                    i += c.len_utf8() + 1;
                }
                break;
            }
            _ => break,
        }
    }
    i
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// Splits "didn't" into "did" + "n't".
fn split_clitic(text: &str, start: usize, end: usize) -> (usize, Option<usize>) {
    let word = &text[start..end];
    for apostrophe in ["'", "\u{2019}"] {
        let suffix_len = 2 + apostrophe.len();
        if word.len() > suffix_len && text.is_char_boundary(end - suffix_len) {
            let tail = &text.as_bytes()[end - suffix_len..end];
            let is_nt = tail[0].eq_ignore_ascii_case(&b'n')
                && &tail[1..suffix_len - 1] == apostrophe.as_bytes()
                && tail[suffix_len - 1].eq_ignore_ascii_case(&b't');
            if is_nt {
                return (end - suffix_len, Some(end));
            }
        }
    }
    (end, None)
}

/// Tokenizes `text[start..end]` and looks every token up in the lexicon.
pub fn tokenize(text: &str, start: usize, end: usize, lexicon: &Lexicon, scratch: &mut Vec<(usize, usize)>, out: &mut Vec<Token>) {
    scratch.clear();
    spans(text, start, end, scratch);
    let mut folded = String::with_capacity(32);
    for &(s, e) in scratch.iter() {
        let raw = &text[s..e];
        folded.clear();
        fold_token(raw, &mut folded);
        let norm = lexicon.get(&folded);
        out.push(Token { start: s as u32, end: e as u32, norm, lemma: lexicon.lemma_of(norm), shape: Shape::of(raw) });
    }
}

/// The folded key of one raw token; "n't" folds to "not" so negation needs
/// one word only.
pub fn fold_token(raw: &str, out: &mut String) {
    let negation =
        raw.len() >= 3 && raw.as_bytes()[0].eq_ignore_ascii_case(&b'n') && raw.as_bytes()[raw.len() - 1].eq_ignore_ascii_case(&b't') && {
            let mid = &raw[1..raw.len() - 1];
            mid == "'" || mid == "\u{2019}"
        };
    if negation {
        out.push_str("not");
        return;
    }
    fold_into(raw, out);
}

/// A dictionary phrase as folded tokens, kept in one string with their
/// shapes beside: a dictionary holds tens of thousands of phrases, and a
/// string per word made loading slow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldedPhrase {
    /// The folded tokens, separated by single spaces (no token holds one).
    folded: String,
    shapes: Box<[Shape]>,
}

impl FoldedPhrase {
    pub fn new(phrase: &str) -> FoldedPhrase {
        let mut folded = String::with_capacity(phrase.len() + 2);
        let mut shapes = Vec::new();
        each_phrase_token(phrase, |raw, word| {
            // A token that folds to nothing (a lone ".") is no word.
            if word.is_empty() {
                return;
            }
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.push_str(word);
            shapes.push(Shape::of(raw));
        });
        FoldedPhrase { folded, shapes: shapes.into_boxed_slice() }
    }

    /// The folded tokens joined by spaces: equal phrases have equal keys.
    pub fn key(&self) -> &str {
        &self.folded
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ').filter(|w| !w.is_empty())
    }

    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// Splits a dictionary phrase into folded tokens with their shapes.
pub fn phrase_tokens(phrase: &str) -> Vec<(String, Shape)> {
    let mut out = Vec::new();
    each_phrase_token(phrase, |raw, word| out.push((word.to_string(), Shape::of(raw))));
    out
}

/// Calls `each` with every token of a dictionary phrase, as written and
/// folded.
fn each_phrase_token(phrase: &str, mut each: impl FnMut(&str, &str)) {
    let mut spans_buf = Vec::with_capacity(8);
    spans(phrase, 0, phrase.len(), &mut spans_buf);
    let mut folded = String::new();
    for &(s, e) in &spans_buf {
        folded.clear();
        fold_token(&phrase[s..e], &mut folded);
        each(&phrase[s..e], &folded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        spans(s, 0, s.len(), &mut v);
        v.into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn keeps_abbreviations_numbers_and_names_whole() {
        assert_eq!(toks("The U.S. gave $1,000.50 to Gen. Smith."), ["The", "U.S.", "gave", "$", "1,000.50", "to", "Gen.", "Smith", "."]);
        assert_eq!(toks("George W. Bush met O'Brien"), ["George", "W.", "Bush", "met", "O'Brien"]);
        assert_eq!(toks("3.5 percent, e.g. here"), ["3.5", "percent", ",", "e.g.", "here"]);
    }

    #[test]
    fn splits_clitics_and_punctuation() {
        assert_eq!(toks("Russia's army didn't move."), ["Russia", "'s", "army", "did", "n't", "move", "."]);
        assert_eq!(toks("Kyiv’s “plan”"), ["Kyiv", "’s", "“", "plan", "”"]);
        assert_eq!(toks("al-Shabaab (Somalia)"), ["al", "-", "Shabaab", "(", "Somalia", ")"]);
        assert_eq!(toks("the U.S.'s"), ["the", "U.S.", "'s"]);
    }

    #[test]
    fn folds_negation_and_shapes() {
        let t = phrase_tokens("US didn't NATO Kyiv");
        assert_eq!(t[0], ("us".into(), Shape::AllCaps));
        assert_eq!(t[2], ("not".into(), Shape::Lower));
        assert_eq!(t[3], ("nato".into(), Shape::AllCaps));
        assert_eq!(t[4], ("kyiv".into(), Shape::Capitalized));
        assert!(Shape::AllCaps.satisfies(Shape::Capitalized));
        assert!(!Shape::Lower.satisfies(Shape::Capitalized));
        assert!(!Shape::Capitalized.satisfies(Shape::AllCaps));
        let p = FoldedPhrase::new("US didn't NATO Kyiv");
        assert_eq!(p.words().collect::<Vec<_>>(), ["us", "did", "not", "nato", "kyiv"]);
        assert_eq!(p.shapes().len(), 5);
        assert_eq!(p.key(), "us did not nato kyiv");
    }
}
