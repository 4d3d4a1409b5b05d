//! Small pieces of HTML: escaping and highlighted evidence.

use std::fmt::Write;

/// Escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path segment or query value.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string from pairs (without the `?`).
pub fn query<K: AsRef<str>>(pairs: &[(K, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", url(k.as_ref()), url(v))).collect::<Vec<_>>().join("&")
}

/// A span to mark, in character offsets of the text it marks, and its CSS
/// class.
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
}

/// `text` with the `marks` wrapped in `<mark>`. Spans may overlap (an
/// action phrase often contains the target): the text is cut at every
/// span edge and each piece carries the classes of all spans over it.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let len = chars.len();
    let byte = |c: usize| chars.get(c).map_or(text.len(), |(b, _)| *b);
    let mut cuts: Vec<usize> = vec![0, len];
    for m in marks {
        cuts.extend([m.start.min(len), m.end.min(len)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = esc(&text[byte(a)..byte(b)]);
        let classes: Vec<&str> = marks.iter().filter(|m| m.start <= a && b <= m.end && m.start < m.end).map(|m| m.class).collect();
        if classes.is_empty() {
            out.push_str(&piece);
        } else {
            let _ = write!(out, "<mark class=\"{}\">{piece}</mark>", classes.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_marks_split_into_pieces() {
        let text = "Moscow halted talks with Kyiv <now>.";
        let marks =
            [Mark { start: 0, end: 6, class: "src" }, Mark { start: 7, end: 29, class: "act" }, Mark { start: 25, end: 29, class: "tgt" }];
        assert_eq!(
            highlight(text, &marks),
            "<mark class=\"src\">Moscow</mark> <mark class=\"act\">halted talks with </mark><mark class=\"act tgt\">Kyiv</mark> &lt;now&gt;."
        );
        // Offsets are characters, not bytes; spans past the end are cut.
        let marks = [Mark { start: 0, end: 3, class: "src" }, Mark { start: 4, end: 99, class: "tgt" }];
        assert_eq!(highlight("Kyïv é", &marks), "<mark class=\"src\">Kyï</mark>v<mark class=\"tgt\"> é</mark>");
    }

    #[test]
    fn escapes_and_encodes() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(url("RUS,UKR/ä"), "RUS%2CUKR%2F%C3%A4");
    }
}
