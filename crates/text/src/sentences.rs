//! Sentence segmentation inside one unit (a headline or a paragraph).
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis, plus any closing quotes
//! and brackets, when whitespace and a sentence opener follow. The hard part
//! is the period that does not end a sentence: titles ("Gen. Smith"),
//! initials ("George W. Bush"), dates ("Jan. 3"), "No. 5", decimals, and
//! initialisms that end a sentence only sometimes ("in the U.S. The ...").

/// Abbreviations that never end a sentence: titles before a name.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "cmdr",
    "cdr", "adm", "sgt", "cpl", "pvt", "gov", "sen", "rep", "rev", "fr", "sr", "jr", "st", "mt",
    "ft", "pres", "supt", "insp", "brig", "amb", "hon", "atty", "det", "lieut", "vs", "v", "cf",
    "approx", "dept", "gens", "reps", "sens", "sgts",
];

/// Abbreviations that end a sentence only before a common sentence opener.
const MAYBE_FINAL: &[&str] = &[
    "inc", "ltd", "corp", "co", "bros", "llc", "plc", "etc", "al", "esq", "ave", "blvd", "rd",
    "ret", "univ", "assn", "intl",
];

/// Abbreviations that do not end a sentence before a number ("Jan. 3",
/// "No. 5", "Art. 51").
const BEFORE_NUMBER: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "art", "vol", "sec", "ch", "fig", "pp", "p", "para", "res", "tel", "ext",
];

/// Words that often open a sentence; after an ambiguous abbreviation one of
/// these means the sentence did end.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "but",
    "and",
    "in",
    "on",
    "at",
    "after",
    "before",
    "when",
    "while",
    "meanwhile",
    "however",
    "if",
    "as",
    "since",
    "earlier",
    "later",
    "officials",
    "some",
    "many",
    "both",
    "one",
    "two",
    "three",
    "last",
    "on",
    "for",
    "what",
    "why",
    "how",
    "who",
    "last",
    "yet",
    "still",
    "also",
    "nor",
    "so",
    "such",
    "no",
    "not",
    "all",
    "most",
    "several",
    "despite",
    "although",
];

/// True for a (period-less, any case) abbreviation that the tokenizer keeps
/// together with its period.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let w = lower.as_str();
    TITLES.contains(&w) || MAYBE_FINAL.contains(&w) || BEFORE_NUMBER.contains(&w)
}

fn is_opener(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    OPENERS.contains(&lower.as_str())
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '\u{201d}' | '\u{2019}' | '\u{00bb}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{00ab}'
    )
}

/// Splits `text[start..end]` into sentences; pushes trimmed byte ranges.
pub fn split(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut sentence_start = skip_space(text, start, end);
    let mut i = sentence_start;
    while i < end {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if matches!(c, '.' | '!' | '?' | '\u{2026}') {
            // Consume runs of terminators ("?!", "...") and closing marks.
            let mut j = i + len;
            while j < end {
                let d = text[j..].chars().next().unwrap_or(' ');
                if matches!(d, '.' | '!' | '?' | '\u{2026}') || is_closer(d) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            if j >= end {
                break;
            }
            let next_start = skip_space(text, j, end);
            if next_start > j
                && next_start < end
                && ends_here(text, sentence_start, i, c, next_start, end)
            {
                out.push((sentence_start, trim_end(text, sentence_start, j)));
                sentence_start = next_start;
            }
            i = j;
            continue;
        }
        i += len;
    }
    if sentence_start < end {
        let e = trim_end(text, sentence_start, end);
        if e > sentence_start {
            out.push((sentence_start, e));
        }
    }
}

/// Decides whether the terminator `term` at `at` ends the sentence, given
/// that the next non-space character is at `next`.
fn ends_here(
    text: &str,
    sentence_start: usize,
    at: usize,
    term: char,
    next: usize,
    end: usize,
) -> bool {
    let next_word = word_at(text, next, end);
    let first = text[next..].chars().next().unwrap_or(' ');
    let opens_sentence = first.is_uppercase()
        || first.is_ascii_digit()
        || is_opening(first)
        || first == '-'
        || first == '\u{2014}';
    if !opens_sentence {
        return false;
    }
    if term != '.' {
        return true;
    }
    // An ellipsis or "?." is a real end; only a lone period may be an
    // abbreviation's.
    let before = word_before(text, sentence_start, at);
    if before.is_empty() {
        return true;
    }
    let bare: String = before.chars().filter(|c| *c != '.').collect();
    let lower = bare.to_ascii_lowercase();
    let starts_upper = first.is_uppercase();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) && first.is_ascii_digit() {
        return false;
    }
    let is_initialism =
        before.contains('.') || (bare.chars().count() == 1 && bare.chars().all(char::is_uppercase));
    if is_initialism || MAYBE_FINAL.contains(&lower.as_str()) {
        // "U.S. President", "George W. Bush", "Acme Inc. said" continue; an
        // opener ("U.S. The ...") or a digit starts a new sentence.
        return is_opener(next_word) || (!starts_upper && !is_opening(first));
    }
    true
}

/// The word (with its internal periods) that ends right before `at`.
fn word_before(text: &str, lower_bound: usize, at: usize) -> &str {
    let mut s = at;
    while s > lower_bound {
        let prev = text[..s].chars().next_back().unwrap_or(' ');
        if prev.is_alphanumeric() || prev == '.' {
            s -= prev.len_utf8();
        } else {
            break;
        }
    }
    &text[s..at]
}

fn word_at(text: &str, at: usize, end: usize) -> &str {
    let mut i = at;
    while i < end {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            i += c.len_utf8();
        } else if i == at && is_opening(c) {
            return word_at(text, at + c.len_utf8(), end);
        } else {
            break;
        }
    }
    &text[at..i]
}

fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let c = text[i..].chars().next().unwrap_or('x');
        if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let c = text[..end].chars().next_back().unwrap_or('x');
        if c.is_whitespace() {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        split(s, 0, s.len(), &mut v);
        v.into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn splits_around_abbreviations() {
        assert_eq!(
            sents("Gen. Smith met Mr. Jones in the U.S. Senate. He left."),
            ["Gen. Smith met Mr. Jones in the U.S. Senate.", "He left."]
        );
        assert_eq!(
            sents("Troops entered the U.S. The talks failed."),
            ["Troops entered the U.S.", "The talks failed."]
        );
        assert_eq!(
            sents("It rose 3.5 percent on Jan. 3. Prices fell."),
            ["It rose 3.5 percent on Jan. 3.", "Prices fell."]
        );
        assert_eq!(
            sents("He said: \"We will fight.\" Then he left."),
            ["He said: \"We will fight.\"", "Then he left."]
        );
        assert_eq!(
            sents("\"Is it over?\" she asked. No."),
            ["\"Is it over?\" she asked.", "No."]
        );
    }
}
