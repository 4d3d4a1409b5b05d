//! Forward inflection: from a lemma to the forms it takes in text.
//!
//! dyad never guesses the lemma of an arbitrary word. Every word a
//! dictionary uses is inflected forwards (regular rules plus the irregular
//! table in `data/irregular-verbs.txt`), and only those forms are mapped
//! back. A form that no dictionary can produce needs no lemma.

use std::collections::HashMap;
use std::sync::OnceLock;

const IRREGULAR: &str = include_str!("../data/irregular-verbs.txt");

fn irregular_table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        IRREGULAR
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut words = l.split_whitespace();
                let lemma = words.next().unwrap_or_default();
                (lemma, words.collect())
            })
            .collect()
    })
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Consonant-vowel-consonant ending, where the final consonant may double
/// ("stop" -> "stopped"); stress decides in English, so callers generate
/// both variants and the wrong one simply never occurs in text.
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3 && !is_vowel(w[n - 1]) && !matches!(w[n - 1], b'w' | b'x' | b'y') && is_vowel(w[n - 2]) && !is_vowel(w[n - 3])
}

/// Every inflected form of `lemma` (verb and noun), without `lemma` itself.
/// Multi-letter lemmas only; non-alphabetic words have no inflections.
pub fn inflections(lemma: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let w = lemma.as_bytes();
    if w.len() < 2 || !lemma.bytes().all(|b| b.is_ascii_lowercase()) {
        return out;
    }
    if let Some(forms) = irregular_table().get(lemma) {
        out.extend(forms.iter().map(|f| f.to_string()));
    }
    let last = w[w.len() - 1];
    let before_last = w[w.len() - 2];
    // -s / -es / -ies (third person and plural)
    if lemma.ends_with("s")
        || lemma.ends_with("x")
        || lemma.ends_with("z")
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || lemma.ends_with('o')
    {
        out.push(format!("{lemma}es"));
    }
    if last == b'y' && !is_vowel(before_last) {
        out.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else if !lemma.ends_with("ss") {
        out.push(format!("{lemma}s"));
    }
    if let Some(stem) = lemma.strip_suffix("fe") {
        out.push(format!("{stem}ves"));
    }
    // -ed and -ing
    let stem_e = lemma.strip_suffix('e').filter(|s| !s.ends_with('e') && s.len() >= 2);
    if last == b'e' {
        out.push(format!("{lemma}d"));
    } else if last == b'y' && !is_vowel(before_last) {
        out.push(format!("{}ied", &lemma[..lemma.len() - 1]));
    } else {
        out.push(format!("{lemma}ed"));
    }
    if let Some(stem) = lemma.strip_suffix("ie") {
        out.push(format!("{stem}ying"));
    } else if let Some(stem) = stem_e {
        out.push(format!("{stem}ing"));
    } else {
        out.push(format!("{lemma}ing"));
    }
    if ends_cvc(w) || lemma.ends_with('l') {
        let doubled = format!("{lemma}{}", last as char);
        out.push(format!("{doubled}ed"));
        out.push(format!("{doubled}ing"));
    }
    if lemma.ends_with('c') {
        out.push(format!("{lemma}ked"));
        out.push(format!("{lemma}king"));
    }
    // British spellings: "recognise", "criticised", "analysing".
    for (us, uk) in [("ize", "ise"), ("yze", "yse"), ("ization", "isation")] {
        if let Some(stem) = lemma.strip_suffix(us) {
            let british = format!("{stem}{uk}");
            let forms: Vec<String> = out
                .iter()
                .filter_map(|f| f.strip_prefix(&lemma[..lemma.len() - 1]).map(|rest| format!("{}{rest}", &british[..british.len() - 1])))
                .collect();
            out.extend(forms);
            out.push(british);
        }
    }
    out.retain(|f| f != lemma);
    out.sort();
    out.dedup();
    out
}

/// The plural forms of a noun (no verb forms: the role noun "bloc" must not
/// make "blocked" a role noun).
pub fn plurals(noun: &str) -> Vec<String> {
    let w = noun.as_bytes();
    if w.len() < 2 || !noun.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(stem) = noun.strip_suffix("man") {
        out.push(format!("{stem}men"));
    }
    if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") || noun.ends_with("sh") || noun.ends_with('o') {
        out.push(format!("{noun}es"));
    }
    if noun.ends_with('y') && !is_vowel(w[w.len() - 2]) {
        out.push(format!("{}ies", &noun[..noun.len() - 1]));
    } else {
        out.push(format!("{noun}s"));
    }
    if let Some(stem) = noun.strip_suffix("fe").or_else(|| noun.strip_suffix('f')) {
        out.push(format!("{stem}ves"));
    }
    out
}

/// True when `lemma` is in the irregular verb table.
pub fn is_irregular(lemma: &str) -> bool {
    irregular_table().contains_key(lemma)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(lemma: &str, form: &str) -> bool {
        inflections(lemma).iter().any(|f| f == form)
    }

    #[test]
    fn regular_and_irregular_forms() {
        for (l, f) in [
            ("rule", "ruled"),
            ("rule", "ruling"),
            ("rule", "rules"),
            ("stop", "stopped"),
            ("visit", "visited"),
            ("ally", "allied"),
            ("ally", "allies"),
            ("seize", "seizing"),
            ("die", "dying"),
            ("veto", "vetoes"),
            ("cancel", "cancelled"),
            ("cancel", "canceled"),
            ("strike", "struck"),
            ("withdraw", "withdrew"),
            ("be", "was"),
            ("meet", "met"),
            ("put", "putting"),
            ("sanction", "sanctions"),
            ("crisis", "crisises"),
            ("panic", "panicked"),
            ("recognize", "recognise"),
            ("recognize", "recognised"),
            ("criticize", "criticising"),
            ("organization", "organisation"),
        ] {
            assert!(has(l, f), "{l} -> {f}: {:?}", inflections(l));
        }
        assert!(!has("rule", "rule"));
        assert!(inflections("U.S").is_empty());
        assert_eq!(plurals("bloc"), ["blocs"]);
        assert!(plurals("gunman").contains(&"gunmen".to_string()));
        assert!(plurals("militia").contains(&"militias".to_string()));
    }
}
