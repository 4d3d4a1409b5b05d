//! From dyad's tokens to the parser's words.
//!
//! dyad's tokenizer already splits as Universal Dependencies does for the
//! cases news needs most ("Russia's" -> "Russia" "'s", "didn't" -> "did"
//! "n't", hyphens and punctuation apart). The parser's words split further
//! the contractions UD separates and dyad keeps whole ("we're", "they'll",
//! "cannot", "gonna"). Every word is a byte span inside one token, and the
//! words of a token cover it exactly, so no offset is ever lost or shifted.

/// The words of a sentence and how they map to its tokens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Words {
    /// Byte span of each word in the document.
    pub spans: Vec<(usize, usize)>,
    /// The token each word comes from.
    pub token: Vec<u32>,
    /// The first word of each token.
    pub first_word: Vec<u32>,
}

const CLITICS: [&str; 5] = ["'re", "'ll", "'ve", "'m", "'d"];
const FUSED: [(&str, usize); 4] = [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)];

/// Where a token splits into two UD words, if it does.
fn split_point(token: &str) -> Option<usize> {
    let lower = token.to_lowercase().replace('\u{2019}', "'");
    if lower.len() != token.len() {
        // A case change or curly quote altered byte lengths; only a curly
        // apostrophe is expected here, and it is three bytes for one.
        return curly_clitic(token);
    }
    if let Some(&(_, at)) = FUSED.iter().find(|(w, _)| lower == *w) {
        return Some(at);
    }
    CLITICS.iter().find(|c| lower.len() > c.len() && lower.ends_with(*c)).map(|c| token.len() - c.len())
}

fn curly_clitic(token: &str) -> Option<usize> {
    let apostrophe = token.rfind('\u{2019}')?;
    let rest = token[apostrophe + '\u{2019}'.len_utf8()..].to_lowercase();
    (apostrophe > 0 && ["re", "ll", "ve", "m", "d"].contains(&rest.as_str())).then_some(apostrophe)
}

/// Maps token spans of `text` to parser words.
pub fn words(text: &str, tokens: &[(usize, usize)]) -> Words {
    let mut out = Words::default();
    for (t, &(start, end)) in tokens.iter().enumerate() {
        out.first_word.push(out.spans.len() as u32);
        match split_point(&text[start..end]) {
            Some(at) => {
                out.spans.push((start, start + at));
                out.spans.push((start + at, end));
                out.token.extend([t as u32, t as u32]);
            }
            None => {
                out.spans.push((start, end));
                out.token.push(t as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    tokens.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        let w = words(text, &tokens);
        // Words cover each token exactly, in order.
        for (t, &(s, e)) in tokens.iter().enumerate() {
            let mine: Vec<_> = w.spans.iter().zip(&w.token).filter(|(_, &k)| k as usize == t).map(|(sp, _)| *sp).collect();
            assert_eq!(mine.first().unwrap().0, s);
            assert_eq!(mine.last().unwrap().1, e);
            assert!(mine.windows(2).all(|p| p[0].1 == p[1].0));
        }
        w.spans.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn contractions_split_as_in_universal_dependencies() {
        assert_eq!(split("we're sure they'll come"), ["we", "'re", "sure", "they", "'ll", "come"]);
        assert_eq!(split("Moscow cannot wait"), ["Moscow", "can", "not", "wait"]);
        assert_eq!(split("I\u{2019}m here"), ["I", "\u{2019}m", "here"]);
    }

    #[test]
    fn other_tokens_are_one_word_each() {
        assert_eq!(split("Kyiv 's d 're İstanbul"), ["Kyiv", "'s", "d", "'re", "İstanbul"]);
    }
}
