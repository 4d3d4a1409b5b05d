//! What the models know of a word by itself: hashes of its folded form,
//! affixes and shape, computed once per word and shared by the tagger, the
//! parser and the labeller.

use crate::linear::hash_str;

#[derive(Clone, Copy, Debug, Default)]
pub struct Lexical {
    /// The lower-cased form with digits folded to `0` ("1,200" -> "0,000").
    pub word: u64,
    /// The form as written.
    pub cased: u64,
    pub suffix1: u64,
    pub suffix2: u64,
    pub suffix3: u64,
    pub suffix4: u64,
    pub prefix1: u64,
    pub prefix2: u64,
    pub prefix3: u64,
    /// Character classes with repeats collapsed ("Kyiv" -> "Xx", "U.S." -> "X.X.").
    pub shape: u64,
    pub capitalised: bool,
    pub has_hyphen: bool,
    pub has_digit: bool,
    /// No letter or digit: a punctuation mark or symbol.
    pub is_punct: bool,
}

/// A hash standing for "no word here" (before the start or past the end).
pub const PAD: u64 = 0x5eed_0000_0000_0001;

pub fn fold(form: &str) -> String {
    form.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).flat_map(char::to_lowercase).collect()
}

pub fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in form.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn suffix(folded: &str, n: usize) -> u64 {
    let start = folded.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    hash_str(&folded[start..]) ^ (n as u64).wrapping_mul(0x1000_0000_01b3)
}

fn prefix(folded: &str, n: usize) -> u64 {
    let end = folded.char_indices().nth(n).map_or(folded.len(), |(i, _)| i);
    hash_str(&folded[..end]) ^ (n as u64).wrapping_mul(0x2000_0000_0a55)
}

impl Lexical {
    pub fn of(form: &str) -> Lexical {
        let folded = fold(form);
        Lexical {
            word: hash_str(&folded),
            cased: hash_str(form),
            suffix1: suffix(&folded, 1),
            suffix2: suffix(&folded, 2),
            suffix3: suffix(&folded, 3),
            suffix4: suffix(&folded, 4),
            prefix1: prefix(&folded, 1),
            prefix2: prefix(&folded, 2),
            prefix3: prefix(&folded, 3),
            shape: hash_str(&shape(form)),
            capitalised: form.chars().next().is_some_and(char::is_uppercase),
            has_hyphen: form.contains('-') && form.len() > 1,
            has_digit: form.chars().any(|c| c.is_ascii_digit()),
            is_punct: !form.chars().any(char::is_alphanumeric),
        }
    }

    pub fn pad() -> Lexical {
        Lexical { word: PAD, shape: PAD, ..Lexical::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_fold_together_and_shapes_collapse() {
        assert_eq!(fold("1,200"), fold("3,450"));
        assert_eq!(fold("Kyiv"), "kyiv");
        assert_eq!(shape("Kyiv"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("2025"), "d");
    }

    #[test]
    fn affixes_of_short_and_non_ascii_words_do_not_panic() {
        for w in ["a", "é", "Zelenskyy", "日本", "--"] {
            let _ = Lexical::of(w);
        }
        assert_ne!(Lexical::of("talks").suffix1, Lexical::of("talks").suffix2);
    }
}
