//! Sentence segmentation inside one unit (a headline or a paragraph).
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis, plus any closing quotes
//! and brackets, when whitespace and a sentence opener follow. The hard part
//! is the period that does not end a sentence: titles ("Gen. Smith"),
//! initials ("George W. Bush"), dates ("Jan. 3"), "No. 5", decimals, and
//! initialisms that end a sentence only sometimes ("in the U.S. The ...").
//!
//! A period also ends a sentence before a lower-case word when the word
//! before it is a plain word, not an abbreviation (all-lower-case text), and
//! any terminator does before a letter of a script without case (Arabic,
//! Chinese). Bidi and zero-width controls between sentences are skipped.
//!
//! Work per sentence is bounded: a sentence of more than
//! [`MAX_SENTENCE_WORDS`] words or [`MAX_SENTENCE_BYTES`] bytes is cut, at
//! the last clause punctuation (`;`, `:`, `,`) within the limit, else at
//! the limit itself.

use crate::calendar::WEEKDAYS;

/// Abbreviations that never end a sentence: titles before a name.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "cmdr", "cdr", "adm", "sgt", "cpl", "pvt", "gov",
    "sen", "rep", "rev", "fr", "st", "mt", "ft", "pres", "supt", "insp", "brig", "amb", "hon", "atty", "det", "lieut", "vs", "v", "cf",
    "approx", "dept", "gens", "reps", "sens", "sgts",
];

/// Abbreviations that end a sentence only before a common sentence opener.
const MAYBE_FINAL: &[&str] =
    &["inc", "ltd", "corp", "co", "bros", "llc", "plc", "etc", "al", "esq", "ave", "blvd", "rd", "ret", "univ", "assn", "intl", "jr", "sr"];

/// Abbreviations that do not end a sentence before a number ("Jan. 3",
/// "No. 5", "Art. 51").
const BEFORE_NUMBER: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "art", "vol", "sec", "ch", "fig",
    "pp", "p", "para", "res", "tel", "ext",
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

/// Capitalised words that continue a phrase after an initialism ("U.S.
/// President", "U.N. Security Council"); any other capitalised word after
/// one starts a new sentence.
const CONTINUES_INITIALISM: &[&str] = &[
    "president",
    "senate",
    "congress",
    "house",
    "army",
    "navy",
    "air",
    "marines",
    "marine",
    "embassy",
    "ambassador",
    "envoy",
    "secretary",
    "security",
    "general",
    "department",
    "state",
    "treasury",
    "justice",
    "defense",
    "defence",
    "forces",
    "force",
    "special",
    "mission",
    "high",
    "human",
    "commission",
    "council",
    "assembly",
    "charter",
    "court",
    "supreme",
    "district",
    "attorney",
    "central",
    "command",
    "coast",
    "border",
    "customs",
    "capitol",
    "commerce",
    "representative",
    "trade",
    "agency",
    "office",
    "secretary-general",
    "chief",
    "national",
    "federal",
    "military",
    "government",
    "administration",
    "sanctions",
    "dollar",
    "citizens",
    "officials",
    "official",
    "relief",
    "refugee",
    "food",
    "development",
    "peacekeeping",
    "peacekeepers",
    "nuclear",
    "atomic",
    "energy",
    "parliament",
    "foreign",
    "ministers",
    "summit",
    "leaders",
    "member",
    "members",
    "vice",
    "space",
    "intelligence",
    "postal",
    "open",
    "masters",
    "olympic",
];

/// Words that say a quoted question or exclamation goes on ("“Why now?”
/// Lavrov asked").
const SPEECH_VERBS: &[&str] = &[
    "asked", "said", "told", "wrote", "shouted", "added", "insisted", "demanded", "declared", "replied", "cried", "asks", "says", "tells",
    "writes",
];

/// Words that follow a clock time inside a sentence (and weekdays).
const TIME_FOLLOWERS: &[&str] = &["gmt", "utc", "et", "est", "edt", "pt", "pst", "pdt", "cet", "cest", "bst", "eet", "msk", "local", "on"];

/// A mid-sentence ellipsis follows a word that cannot end a sentence.
const OPEN_ENDED: &[&str] = &["in", "of", "the", "a", "an", "and", "or", "to", "for", "with", "at", "on", "from", "by", "but"];

/// Plural nouns that often open a news sentence, so that they mark a
/// boundary after an ambiguous period ("Zone A. Residents ...").
const SUBJECT_NOUNS: &[&str] = &[
    "officials",
    "residents",
    "lawyers",
    "prosecutors",
    "veterans",
    "police",
    "troops",
    "soldiers",
    "diplomats",
    "analysts",
    "witnesses",
    "protesters",
    "authorities",
    "critics",
    "investigators",
    "rescuers",
    "organisers",
    "organizers",
    "journalists",
    "hospitals",
    "lawmakers",
    "legislators",
    "doctors",
    "aid",
    "experts",
    "observers",
    "voters",
    "villagers",
    "workers",
    "families",
    "rebels",
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
    OPENERS.contains(&lower.as_str()) || SUBJECT_NOUNS.contains(&lower.as_str())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '\u{201d}' | '\u{2019}' | '\u{00bb}')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{00ab}')
}

/// No sentence dyad codes has more words than this: news sentences rarely
/// pass 60, and a run past it is a list, a table or text without
/// punctuation.
pub const MAX_SENTENCE_WORDS: usize = 120;

/// No sentence dyad codes is longer than this many bytes (a single huge
/// token is cut too).
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Splits `text[start..end]` into sentences; pushes trimmed byte ranges,
/// none longer than the limits above.
pub fn split(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut sentence_start = skip_space(text, start, end);
    let mut i = sentence_start;
    while i < end {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if is_terminator(c) {
            // Consume runs of terminators ("?!", "...") and closing marks.
            let mut j = i + len;
            while j < end {
                let d = text[j..].chars().next().unwrap_or(' ');
                if is_terminator(d) || is_closer(d) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            if j >= end {
                break;
            }
            let next_start = skip_space(text, j, end);
            // Chinese and Japanese put no space after a full stop.
            let spaced = next_start > j || is_fullwidth_terminator(c);
            if spaced && next_start < end && ends_here(text, sentence_start, i, c, next_start, end) {
                cap_length(text, sentence_start, j, out);
                sentence_start = next_start;
            }
            i = j;
            continue;
        }
        i += len;
    }
    if sentence_start < end {
        cap_length(text, sentence_start, end, out);
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}' | '\u{061f}' | '\u{06d4}' | '\u{0964}') || is_fullwidth_terminator(c)
}

/// The full stop, question and exclamation marks of Chinese and Japanese.
fn is_fullwidth_terminator(c: char) -> bool {
    matches!(c, '\u{3002}' | '\u{ff01}' | '\u{ff1f}')
}

/// Pushes `text[start..end]` in pieces within the limits, each cut after
/// the last clause punctuation that fits, or else at the limit.
fn cap_length(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut piece = start;
    let end = trim_end(text, start, end);
    while piece < end {
        let cut = cut_point(text, piece, end);
        let e = trim_end(text, piece, cut);
        if e > piece {
            out.push((piece, e));
        }
        piece = skip_space(text, cut, end);
    }
}

/// Where the piece starting at `start` ends: `end` if the rest fits.
fn cut_point(text: &str, start: usize, end: usize) -> usize {
    let mut words = 0;
    let mut clause_end = None;
    let mut in_word = false;
    for (offset, c) in text[start..end].char_indices() {
        let at = start + offset;
        if at + c.len_utf8() - start > MAX_SENTENCE_BYTES {
            return clause_end.unwrap_or_else(|| if c.is_whitespace() { at } else { word_start(text, start, at) });
        }
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        if !in_word {
            in_word = true;
            words += 1;
            if words > MAX_SENTENCE_WORDS {
                return clause_end.unwrap_or(at);
            }
        }
        if matches!(c, ';' | ':' | ',') {
            clause_end = Some(at + 1);
        }
    }
    end
}

/// The start of the word that holds `at` (a cut between words), or `at`
/// when that word starts the piece.
fn word_start(text: &str, start: usize, at: usize) -> usize {
    let space = text[start..at].rfind(char::is_whitespace);
    match space {
        Some(i) => start + i + text[start + i..].chars().next().map_or(1, char::len_utf8),
        None => at,
    }
}

/// Decides whether the terminator `term` at `at` ends the sentence, given
/// that the next non-space character is at `next`.
fn ends_here(text: &str, sentence_start: usize, at: usize, term: char, next: usize, end: usize) -> bool {
    let next = skip_controls(text, next, end);
    let next_word = word_at(text, next, end);
    let first = text[next..].chars().next().unwrap_or(' ');
    // "eBay", "iPhone": a lower-case first letter in a capitalised brand.
    let camel = first.is_lowercase() && next_word.chars().skip(1).any(char::is_uppercase);
    let caseless = first.is_alphabetic() && !first.is_lowercase() && !first.is_uppercase();
    let before = word_before(text, sentence_start, at);
    if is_fullwidth_terminator(term) {
        return true;
    }
    if first.is_lowercase() && !camel {
        // Not after an ellipsis ("the talks ... went on") or a closing
        // quote (attribution: "We will fight." he said).
        return term == '.'
            && !text[at..next].contains(|c| c == '\u{2026}' || is_closer(c))
            && !text[at..next].contains("..")
            && is_plain_word(before);
    }
    let opens_sentence = first.is_uppercase() || first.is_ascii_digit() || is_opening(first) || camel || caseless;
    if !opens_sentence {
        return false;
    }
    let after_closer = !text[at..next].trim_end().ends_with(['.', '!', '?', '\u{2026}']);
    if matches!(term, '!' | '?') {
        // "Yahoo! News"; a quoted question followed by its speaker.
        if term == '!' && before.eq_ignore_ascii_case("yahoo") {
            return false;
        }
        if after_closer && first.is_uppercase() {
            let rest = &text[next..end];
            let followed_by_speech = rest
                .split_whitespace()
                .take(5)
                .any(|w| SPEECH_VERBS.contains(&w.trim_matches(|c: char| !c.is_alphabetic()).to_ascii_lowercase().as_str()));
            return !followed_by_speech;
        }
        return true;
    }
    // The terminator may be several bytes (the Arabic full stop is two).
    if term == '\u{2026}' || text[..at + term.len_utf8()].ends_with("...") {
        return !OPEN_ENDED.contains(&before.to_ascii_lowercase().as_str());
    }
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
    let segments: Vec<&str> = before.split('.').filter(|p| !p.is_empty()).collect();
    let initialism = segments.len() > 1 && segments.iter().all(|p| p.chars().count() <= 2);
    let single_initial = segments.len() == 1 && bare.chars().count() == 1 && bare.chars().all(char::is_uppercase);
    if lower == "eg" || lower == "ie" {
        return false;
    }
    if initialism || MAYBE_FINAL.contains(&lower.as_str()) {
        // "U.S. President" continues; "in the U.S. Washington said ..."
        // does not.
        if !starts_upper {
            return is_opening(first) || first.is_ascii_digit();
        }
        let next_lower = next_word.to_ascii_lowercase();
        // "10 a.m. Tuesday", "11 p.m. GMT".
        if matches!(lower.as_str(), "am" | "pm")
            && (TIME_FOLLOWERS.contains(&next_lower.as_str()) || WEEKDAYS.contains(&next_lower.as_str()))
        {
            return false;
        }
        // "Vice President J.D. Vance": initials inside a capitalised name.
        let name_before =
            text[sentence_start..at - before.len()].trim_end().rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_uppercase));
        if segments.len() == 2 && bare.chars().all(char::is_uppercase) && name_before && !is_opener(next_word) {
            return false;
        }
        return !CONTINUES_INITIALISM.contains(&next_lower.as_str());
    }
    if single_initial {
        // "George W. Bush" continues; "Zone A. Residents ..." does not.
        return is_opener(next_word) || !starts_upper;
    }
    true
}

/// True for a word that ends a sentence when a period follows it: no
/// abbreviation, initial or initialism ("approx.", "a.m.", "W.").
fn is_plain_word(word: &str) -> bool {
    word.chars().count() > 1 && !word.contains('.') && !is_abbreviation(word) && !matches!(word, "eg" | "ie" | "vs")
}

/// Bidi and zero-width format characters, which are invisible between
/// sentences.
fn is_control(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}')
}

/// `i` moved past format controls and spaces.
fn skip_controls(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let c = text[i..].chars().next().unwrap_or('x');
        if is_control(c) || c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
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
        assert_eq!(sents("Troops entered the U.S. The talks failed."), ["Troops entered the U.S.", "The talks failed."]);
        assert_eq!(sents("It rose 3.5 percent on Jan. 3. Prices fell."), ["It rose 3.5 percent on Jan. 3.", "Prices fell."]);
        assert_eq!(sents("He said: \"We will fight.\" Then he left."), ["He said: \"We will fight.\"", "Then he left."]);
        assert_eq!(sents("\"Is it over?\" she asked. No."), ["\"Is it over?\" she asked.", "No."]);
    }

    #[test]
    fn a_terminator_of_several_bytes_before_a_capital_ends_a_sentence() {
        // Found by the fuzz driver: the check for "..." sliced the text
        // one byte after the Arabic full stop, inside it.
        assert_eq!(sents("Talks ended\u{06d4} Kyiv agreed."), ["Talks ended\u{06d4}", "Kyiv agreed."]);
        assert_eq!(sents("Talks ended\u{0964} Kyiv agreed."), ["Talks ended\u{0964}", "Kyiv agreed."]);
    }

    #[test]
    fn a_period_ends_a_sentence_before_lower_case_after_a_plain_word() {
        assert_eq!(
            sents("the kremlin said russia attacked ukraine. kyiv denied it."),
            ["the kremlin said russia attacked ukraine.", "kyiv denied it."]
        );
        assert_eq!(sents("talks start at 10 a.m. on monday."), ["talks start at 10 a.m. on monday."]);
        assert_eq!(sents("it cost approx. five million."), ["it cost approx. five million."]);
        assert_eq!(sents("\"Why now?\" he asked."), ["\"Why now?\" he asked."]);
        assert_eq!(sents("the talks ... continued."), ["the talks ... continued."]);
    }

    #[test]
    fn caseless_scripts_and_controls_open_a_sentence() {
        assert_eq!(
            sents("Talks ended. \u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645}."),
            ["Talks ended.", "\u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645}."]
        );
        assert_eq!(sents("Talks ended. \u{200f}Kyiv left."), ["Talks ended.", "\u{200f}Kyiv left."]);
        assert_eq!(
            sents("\u{4f1a}\u{8c08}\u{7ed3}\u{675f}\u{3002}\u{4ed6}\u{8d70}\u{4e86}\u{3002}"),
            ["\u{4f1a}\u{8c08}\u{7ed3}\u{675f}\u{3002}", "\u{4ed6}\u{8d70}\u{4e86}\u{3002}"]
        );
        assert_eq!(sents("\"We will fight.\" he said."), ["\"We will fight.\" he said."]);
    }

    #[test]
    fn a_long_run_is_cut_at_clause_punctuation_then_at_the_word_limit() {
        let clause = "Moscow said talks would go on, ";
        let text = clause.repeat(40);
        let pieces = sents(&text);
        assert!(pieces.len() > 1, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.ends_with(',') && p.split_whitespace().count() <= MAX_SENTENCE_WORDS), "{pieces:?}");
        let words = "word ".repeat(3 * MAX_SENTENCE_WORDS);
        let pieces = sents(&words);
        assert_eq!(pieces.iter().map(|p| p.split_whitespace().count()).collect::<Vec<_>>(), [MAX_SENTENCE_WORDS; 3]);
    }

    #[test]
    fn a_huge_token_is_cut_at_the_byte_limit() {
        // Three-byte characters do not divide the limit evenly.
        let token = "\u{4e2d}".repeat(MAX_SENTENCE_BYTES);
        let pieces = sents(&token);
        assert_eq!(pieces.concat(), token);
        assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES), "{:?}", pieces.iter().map(|p| p.len()).collect::<Vec<_>>());
    }
}
