//! Scoring against a set of news articles with hand-coded gold events, in
//! the layout of dyad's development set: `articles/NAME.txt` (front matter
//! with `id` and `date`, then the text) and `gold/NAME.jsonl` (one gold
//! event per line).
//!
//! The scoring rule: an asserted output event matches a gold event when it
//! comes from the same sentence, its CAMEO root is the root of the gold
//! code or of one of its alternatives, and its source and target each
//! match the gold code or one of its alternatives on the country part (the
//! first three letters; IGO codes on their first six). An empty gold target
//! accepts any target. Recall counts matched asserted gold events;
//! precision counts output asserted events that match some asserted gold
//! event of their sentence.
//!
//! Gold events may say where they happened (`location`, `null` when the
//! text gives no place); the location figures ([`crate::location`]) are
//! taken on the matched events.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use dyad::event::{Event, Modality};
use dyad::{Coder, Document};

use crate::gold::GoldError;
use crate::location::{describe_place_target, places_as_targets, present, GoldLocation, LocationScores};
use crate::score::{describe, f1, ratio};

#[derive(Clone, Debug, Deserialize)]
pub struct NewsGold {
    pub id: String,
    pub sentence: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub code: String,
    #[serde(default)]
    pub alt_codes: Vec<String>,
    #[serde(default)]
    pub source_alt: Vec<String>,
    #[serde(default)]
    pub target_alt: Vec<String>,
    #[serde(default)]
    pub confidence: String,
    /// Absent for an event the text reports as having happened.
    pub modality: Option<String>,
    /// Absent when the gold set does not mark places; `Some(None)` when it
    /// says the text gives none.
    #[serde(default, deserialize_with = "present")]
    pub location: Option<Option<GoldLocation>>,
}

impl NewsGold {
    fn asserted(&self) -> bool {
        self.modality.is_none()
    }

    fn roots(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&self.code).chain(&self.alt_codes).map(|c| c.get(..2).unwrap_or(c))
    }
}

/// One article with its gold events.
pub struct Article {
    pub name: String,
    pub doc: Document,
    pub gold: Vec<NewsGold>,
}

/// Reads `articles/*.txt` and the gold file of the same name in `gold`.
pub fn read(articles: &Path, gold: &Path) -> Result<Vec<Article>, GoldError> {
    let err = |path: &Path, line: usize, message: String| GoldError { path: path.display().to_string(), line, message };
    let mut names: Vec<_> = std::fs::read_dir(articles)
        .map_err(|e| err(articles, 0, format!("cannot read the folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let doc = dyad::document::read_file(&path).into_iter().next().ok_or_else(|| err(&path, 0, "no document".into()))?;
        let doc = doc.map_err(|e| err(&path, 0, e.to_string()))?;
        let gold_path = gold.join(format!("{name}.jsonl"));
        let text = std::fs::read_to_string(&gold_path).map_err(|e| err(&gold_path, 0, format!("cannot read: {e}")))?;
        let mut events = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let g: NewsGold = serde_json::from_str(line).map_err(|e| err(&gold_path, i + 1, format!("bad gold event: {e}")))?;
            if g.code.len() < 2 {
                return Err(err(&gold_path, i + 1, format!("code {:?} is too short", g.code)));
            }
            events.push(g);
        }
        out.push(Article { name, doc, gold: events });
    }
    Ok(out)
}

/// The part of an actor code that must agree: the country, or an IGO's
/// first six letters.
fn actor_key(code: &str) -> &str {
    let n = if code.starts_with("IGO") { 6 } else { 3 };
    code.get(..n).unwrap_or(code)
}

fn actor_matches(output: Option<&str>, gold: &str, alternatives: &[String]) -> bool {
    let out = output.map(actor_key).unwrap_or("");
    std::iter::once(gold).chain(alternatives.iter().map(String::as_str)).any(|g| actor_key(g) == out)
}

fn normalise(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an output event matches a gold event under the scoring rule.
pub fn matches(e: &Event, g: &NewsGold) -> bool {
    normalise(&e.sentence) == normalise(&g.sentence)
        && g.roots().any(|r| r == e.root)
        && actor_matches(e.source.as_ref().map(|a| &*a.code), &g.source, &g.source_alt)
        && (g.target.is_empty() || actor_matches(e.target.as_ref().map(|a| &*a.code), &g.target, &g.target_alt))
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub gold_found: usize,
    pub output: usize,
    pub output_right: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.output_right, self.output)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewsScores {
    pub articles: usize,
    pub all: Counts,
    /// Recall on high and medium confidence gold only (precision as above).
    pub high_medium: Counts,
    /// Gold events the text says did not happen, output as asserted.
    pub negated_as_asserted: usize,
    pub per_root: BTreeMap<String, Counts>,
    /// Locations of the matched asserted gold events, when the gold marks
    /// places.
    pub location: LocationScores,
    pub misses: Vec<String>,
    pub false_alarms: Vec<String>,
    /// Events that match gold, with the rules that produced them, so a
    /// change that removes false alarms can be checked against what it
    /// would also remove.
    pub hits: Vec<String>,
}

/// Scores the articles whose name starts with one of `prefixes` (all when
/// empty).
pub fn score(coder: &Coder, articles: &[Article], prefixes: &[&str], explain: bool) -> NewsScores {
    let chosen: Vec<&Article> = articles.iter().filter(|a| prefixes.is_empty() || prefixes.iter().any(|p| a.name.starts_with(p))).collect();
    let options = dyad::coder::Options { explain, ..Default::default() };
    let coded: Vec<Vec<Event>> = chosen.par_iter().map(|a| coder.code_with(&a.doc, options)).collect();
    let mut s = NewsScores { articles: chosen.len(), ..NewsScores::default() };
    for (article, events) in chosen.iter().zip(&coded) {
        let asserted: Vec<&Event> = events.iter().filter(|e| e.modality == Modality::Asserted).collect();
        let gold_asserted: Vec<&NewsGold> = article.gold.iter().filter(|g| g.asserted()).collect();
        for g in &gold_asserted {
            let matched = asserted.iter().find(|e| matches(e, g));
            if let Some(e) = matched {
                s.location.add(g, e, explain);
            }
            let found = matched.is_some();
            let high_medium = g.confidence != "low";
            let root = g.code[..2].to_string();
            let row = s.per_root.entry(root).or_default();
            row.gold += 1;
            row.gold_found += found as usize;
            s.all.gold += 1;
            s.all.gold_found += found as usize;
            if high_medium {
                s.high_medium.gold += 1;
                s.high_medium.gold_found += found as usize;
            }
            if !found && explain {
                s.misses.push(format!("{}: expected {} {}->{} ({}) in {:?}", g.id, g.code, g.source, g.target, g.confidence, g.sentence));
            }
        }
        for e in &asserted {
            let right = gold_asserted.iter().any(|g| matches(e, g)) as usize;
            for counts in [&mut s.all, &mut s.high_medium, s.per_root.entry(e.root.clone()).or_default()] {
                counts.output += 1;
                counts.output_right += right;
            }
            if explain {
                let line = format!("{}: produced {} in {:?}{}", article.name, describe(e), e.sentence, why(e));
                if right == 0 {
                    s.false_alarms.push(line)
                } else {
                    s.hits.push(line)
                }
            }
        }
        let same_sentence = |g: &NewsGold, e: &Event| normalise(&e.sentence) == normalise(&g.sentence);
        let place_targets = places_as_targets(&article.gold, &asserted, same_sentence);
        s.location.places_as_targets += place_targets.len();
        if explain {
            s.location.misses.extend(place_targets.iter().map(|e| describe_place_target(&article.name, e)));
        }
        s.negated_as_asserted +=
            article.gold.iter().filter(|g| g.modality.as_deref() == Some("negated") && asserted.iter().any(|e| matches(e, g))).count();
    }
    s
}

/// The rule that fired and the parse, for a false alarm.
fn why(e: &Event) -> String {
    let Some(x) = &e.explain else { return String::new() };
    format!(
        "\n    pattern {}{}\n    source rule {}\n    target rule {}\n    parse {}",
        x.pattern,
        x.governor.as_deref().map(|g| format!(" governed by {g}")).unwrap_or_default(),
        x.source_rule.as_deref().unwrap_or("-"),
        x.target_rule.as_deref().unwrap_or("-"),
        x.parse.as_deref().unwrap_or("-")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(code: &str, alt: &str, source: &str, target: &str) -> NewsGold {
        NewsGold {
            id: "t".into(),
            sentence: "Moscow  suspended talks with Kyiv.".into(),
            source: source.into(),
            target: target.into(),
            code: code.into(),
            alt_codes: alt.split_whitespace().map(String::from).collect(),
            source_alt: vec!["RUSGOV".into()],
            target_alt: vec![],
            confidence: "high".into(),
            modality: None,
            location: None,
        }
    }

    #[test]
    fn the_scoring_rule_compares_roots_and_countries() {
        let coder = Coder::builtin().unwrap();
        let doc = Document::from_text("d", "Moscow suspended talks with Kyiv.", None);
        let events = coder.code(&doc);
        let e = events.iter().find(|e| e.root == "16").expect("a 16x event");
        assert!(matches(e, &gold("164", "", "RUS", "UKR")));
        assert!(matches(e, &gold("172", "161", "RUS", "UKR")), "an alternative code's root counts");
        assert!(matches(e, &gold("164", "", "RUS", "")), "an empty gold target accepts any target");
        assert!(!matches(e, &gold("164", "", "UKR", "RUS")));
        assert!(!matches(e, &gold("046", "", "RUS", "UKR")));
    }

    #[test]
    fn igo_codes_compare_on_six_letters() {
        assert!(actor_matches(Some("IGOUNOKID"), "IGOUNO", &[]));
        assert!(!actor_matches(Some("IGOEUREEC"), "IGOUNO", &[]));
        assert!(actor_matches(Some("RUSGOV"), "RUS", &[]));
        assert!(!actor_matches(None, "RUS", &[]));
    }
}
