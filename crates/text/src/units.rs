//! Splits a document's text into units: headlines, labels and paragraphs.
//!
//! News-app layouts put a short label, a headline and a paragraph in each
//! section. A line without final punctuation is a unit of its own and is
//! never glued to the next paragraph; only a line that visibly continues
//! (ends in a comma or hyphen, or is followed by a line starting in lower
//! case) is joined to the next one.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Byte offsets into the document text.
    pub start: usize,
    pub end: usize,
    /// A line without final punctuation: a title, label or headline.
    pub headline: bool,
}

/// Splits `text` into units in reading order.
pub fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let lines: Vec<(usize, usize)> = line_spans(text).collect();
    for (idx, &(start, end)) in lines.iter().enumerate() {
        let line = text[start..end].trim();
        if line.is_empty() {
            flush(&mut current, &mut out, false);
            continue;
        }
        let lead = start + (text[start..end].len() - text[start..end].trim_start().len());
        let tail = lead + line.len();
        let next = lines.get(idx + 1).map(|&(a, b)| text[a..b].trim()).unwrap_or("");
        let continues = !next.is_empty() && visibly_continues(line, next);
        if !continues && !has_final_punctuation(line) {
            // A title, label or headline: a unit of its own, never glued
            // to the paragraph before or after it.
            let joined = current.take().map(|(s, _)| s);
            if let Some(s) = joined.filter(|_| !ends_paragraph(text, start)) {
                out.push(Unit { start: s, end: tail, headline: false });
            } else {
                if let Some(s) = joined {
                    out.push(Unit { start: s, end: trim_end(text, start), headline: false });
                }
                out.push(Unit { start: lead, end: tail, headline: true });
            }
            continue;
        }
        let (s, _) = *current.get_or_insert((lead, tail));
        current = Some((s, tail));
        if !continues
            && has_final_punctuation(line)
            && next.chars().next().is_some_and(|c| !c.is_lowercase())
            && !has_final_punctuation(next)
            && !visibly_continues(next, "")
        {
            flush(&mut current, &mut out, false);
        }
    }
    flush(&mut current, &mut out, false);
    out
}

fn flush(current: &mut Option<(usize, usize)>, out: &mut Vec<Unit>, headline: bool) {
    if let Some((start, end)) = current.take() {
        out.push(Unit { start, end, headline });
    }
}

/// Whether the unit collected so far ends in final punctuation, so the
/// line starting at `at` cannot be its continuation.
fn ends_paragraph(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || has_final_punctuation(before)
}

fn trim_end(text: &str, at: usize) -> usize {
    text[..at].trim_end().len()
}

/// A line that ends mid-phrase (a comma, a hyphen, a function word) or is
/// followed by a line starting in lower case is wrapped text.
fn visibly_continues(line: &str, next: &str) -> bool {
    const FUNCTION_WORDS: &[&str] =
        &["the", "a", "an", "of", "to", "with", "and", "or", "in", "on", "for", "by", "at", "from", "that", "its", "their"];
    let last = line.chars().next_back().unwrap_or('.');
    let last_word = line.rsplit(' ').next().unwrap_or("");
    matches!(last, ',' | ';' | '-' | '\u{2013}' | '(')
        || FUNCTION_WORDS.contains(&last_word)
        || next.chars().next().is_some_and(|c| c.is_lowercase())
}

fn has_final_punctuation(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}', '\u{00bb}', ']']);
    trimmed.ends_with(['.', '!', '?', ':', ';', '\u{2026}'])
}

fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos > text.len() || (pos == text.len() && !text.is_empty() && text.ends_with('\n')) {
            return None;
        }
        let start = pos;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        pos = end + 1;
        let end = if end > start && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<(&str, bool)> {
        units(text).into_iter().map(|u| (&text[u.start..u.end], u.headline)).collect()
    }

    #[test]
    fn headlines_and_labels_stand_alone() {
        let text = "Kremlin halts talks\nDIPLOMACY\nMoscow said on Friday it had paused\nnegotiations with Kyiv. Officials agreed.\n\nSecond paragraph here.\n";
        assert_eq!(
            parts(text),
            [
                ("Kremlin halts talks", true),
                ("DIPLOMACY", true),
                ("Moscow said on Friday it had paused\nnegotiations with Kyiv. Officials agreed.", false),
                ("Second paragraph here.", false),
            ]
        );
    }

    #[test]
    fn label_right_after_a_paragraph() {
        let text = "Title line\nDIPLOMACY\nHeadline one\nA paragraph. It ends.\nCONFLICT\nHeadline two\nSecond paragraph.";
        assert_eq!(
            parts(text),
            [
                ("Title line", true),
                ("DIPLOMACY", true),
                ("Headline one", true),
                ("A paragraph. It ends.", false),
                ("CONFLICT", true),
                ("Headline two", true),
                ("Second paragraph.", false),
            ]
        );
    }

    #[test]
    fn headline_followed_directly_by_paragraph() {
        let text = "Ceasefire collapses\nFighting resumed on Monday.";
        assert_eq!(parts(text), [("Ceasefire collapses", true), ("Fighting resumed on Monday.", false)]);
    }
}
