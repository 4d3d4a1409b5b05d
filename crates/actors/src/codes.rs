//! The actor code scheme: a three-letter country (or `IGO`, `NGO`, `IMG`,
//! `MNC`) followed by three-letter segments, some of which are sectors.

/// Sector segments, with what they mean (for `dyad actors lookup` and the
/// docs).
pub const SECTORS: &[(&str, &str)] = &[
    ("GOV", "government"),
    ("MIL", "military"),
    ("COP", "police and security forces"),
    ("REB", "rebels and armed groups"),
    ("RAD", "radicals and fundamentalists"),
    ("OPP", "opposition"),
    ("PTY", "political party"),
    ("CVL", "civilians"),
    ("BUS", "business"),
    ("MED", "media"),
    ("JRN", "journalists"),
    ("JUD", "judiciary"),
    ("LEG", "legislature"),
    ("EDU", "education"),
    ("REL", "religion"),
    ("HLH", "health"),
    ("REF", "refugees"),
    ("LAB", "labour"),
    ("AGR", "agriculture"),
    ("NGO", "non-governmental organisation"),
    ("HRI", "human rights"),
    ("SPY", "intelligence"),
    ("ELI", "elites"),
    ("CRM", "criminals"),
    ("UAF", "unidentified armed forces"),
    ("IGO", "international organisation"),
];

/// First segments that are not states.
pub const INTERNATIONAL: &[&str] = &["IGO", "NGO", "IMG", "MNC"];

pub fn is_sector(seg: &str) -> bool {
    sector_code(seg).is_some()
}

/// The sector code `seg` names, as the table's own string: dictionary
/// entries then need no string of their own.
pub fn sector_code(seg: &str) -> Option<&'static str> {
    SECTORS.iter().map(|(s, _)| *s).find(|s| *s == seg)
}

/// Whether `code` is well formed: capital letters in groups of three.
pub fn is_well_formed(code: &str) -> bool {
    !code.is_empty() && code.len().is_multiple_of(3) && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The segments of a code.
pub fn segments(code: &str) -> impl Iterator<Item = &str> {
    (0..code.len() / 3).map(move |i| &code[i * 3..i * 3 + 3])
}

/// The country of a code: its first segment unless that is international.
pub fn country(code: &str) -> Option<&str> {
    let first = code.get(..3)?;
    (!INTERNATIONAL.contains(&first)).then_some(first)
}

/// The sector of a code: its last sector segment after the first.
pub fn sector(code: &str) -> Option<&str> {
    segments(code).skip(1).filter(|s| is_sector(s)).last()
}

/// Adds `sector` to `base` unless the code already ends in a sector.
pub fn with_sector(base: &str, sector: &str) -> String {
    // "NATO Secretary-General" is NATO itself, not NATO's IGO sector.
    if segments(base).skip(1).any(is_sector) || base.starts_with(sector) {
        base.to_string()
    } else {
        format!("{base}{sector}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_codes() {
        assert_eq!(country("RUSGOV"), Some("RUS"));
        assert_eq!(country("IGOUNO"), None);
        assert_eq!(sector("RUSGOV"), Some("GOV"));
        assert_eq!(sector("IGOUNOMIL"), Some("MIL"));
        assert_eq!(sector("UKR"), None);
        assert_eq!(with_sector("UKR", "MIL"), "UKRMIL");
        assert_eq!(with_sector("PSEREB", "MIL"), "PSEREB");
        assert_eq!(with_sector("IGOWSTNAT", "IGO"), "IGOWSTNAT");
        assert!(is_well_formed("IGOEUREEC") && !is_well_formed("RUSG"));
    }
}
