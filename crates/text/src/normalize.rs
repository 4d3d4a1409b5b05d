//! Case folding shared by the tokenizer and the dictionary loaders, so that a
//! dictionary phrase and the text it should match fold to the same key.

use unicode_normalization::char::decompose_canonical;

/// Appends the folded form of `word` to `out`: lower case, diacritics
/// removed ("Erdoğan" -> "erdogan"), typographic apostrophes made ASCII and
/// the periods of abbreviations dropped ("U.S." -> "us", "Gen." -> "gen").
pub fn fold_into(word: &str, out: &mut String) {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in word.chars() {
        match c {
            '.' => {}
            '\u{2019}' | '\u{2018}' | '`' | '\u{00b4}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => {
                // Only a few non-ASCII letters reach here, so decomposing
                // each one is cheaper than normalising whole strings.
                let mut pushed = false;
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        for l in d.to_lowercase() {
                            out.push(l);
                        }
                        pushed = true;
                    }
                });
                if !pushed {
                    out.push(c);
                }
                // Letters with no decomposition that readers treat as plain
                // Latin letters.
                if let Some(last) = out.pop() {
                    match last {
                        'ı' => out.push('i'),
                        'ø' => out.push('o'),
                        'ł' => out.push('l'),
                        'đ' => out.push('d'),
                        'ß' => out.push_str("ss"),
                        'æ' => out.push_str("ae"),
                        other => out.push(other),
                    }
                }
            }
        }
    }
}

/// The folded form of `word` as a new string.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Straightens typographic quotes so that quote detection only needs to know
/// about `"` and `'`.
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}')
}

pub fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_abbreviation_periods() {
        assert_eq!(fold("Erdoğan"), "erdogan");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Gen."), "gen");
        assert_eq!(fold("Zelenskyy"), "zelenskyy");
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("Russia’s"), "russia's");
        assert_eq!(fold("Łukaszenka"), "lukaszenka");
        assert_eq!(fold("Straße"), "strasse");
    }
}
