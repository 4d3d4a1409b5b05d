//! Scoring coded events against gold.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use dyad::coder::Options;
use dyad::{Coder, Document, Event};

use crate::gold::{country, ArticleItem, TextItem};

#[derive(Clone, Debug, Default, Serialize)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
}

impl Ratio {
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        if hit {
            self.hits += 1;
        }
    }

    pub fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

/// What dyad produced for one gold item that it missed.
#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    pub id: String,
    pub text: String,
    pub expected: String,
    pub produced: Vec<String>,
    pub actors: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RootRow {
    pub root: Ratio,
    pub root_actors: Ratio,
}

/// Scores of the development-set form: one expected event per text.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TextScores {
    /// Gold root among the roots of all events coded in the text.
    pub root_recall: Ratio,
    /// The same, counting asserted events only.
    pub root_recall_asserted: Ratio,
    /// Gold root with source and target country among the events, on the
    /// texts that name actors.
    pub root_actor_recall: Ratio,
    /// Full code and full actor codes.
    pub full_recall: Ratio,
    /// The first asserted event has the gold root.
    pub first_asserted_root: Ratio,
    /// Gold source and target countries found among all actors dyad
    /// recognised in the text.
    pub actor_recall: Ratio,
    pub per_root: BTreeMap<String, RootRow>,
    /// (gold root, root of the first asserted event or "none") -> count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub misses: Vec<Miss>,
    pub actor_misses: Vec<Miss>,
}

pub fn describe(e: &Event) -> String {
    let a = |x: &Option<dyad::event::ActorRef>| x.as_ref().map_or("-".to_string(), |a| a.code.to_string());
    let m = if e.modality == dyad::event::Modality::Asserted { String::new() } else { format!(" ({})", e.modality.as_str()) };
    format!("{}->{} {} \"{}\"{}", a(&e.source), a(&e.target), e.cameo, e.action.text, m)
}

fn countries(list: &Option<Vec<crate::gold::GoldActor>>) -> Vec<String> {
    list.iter().flatten().map(|a| country(&a.code)).collect()
}

fn actor_country(a: &Option<dyad::event::ActorRef>) -> Option<String> {
    a.as_ref().map(|a| country(&a.code))
}

/// Whether `e` has the gold root and the gold actors' countries. A gold
/// item with several sources and no target is reciprocal: the target must
/// be another of the sources. One with no target constrains only the source.
fn actors_match(item: &TextItem, e: &Event) -> bool {
    let sources = countries(&item.source);
    let targets = countries(&item.target);
    let (Some(s), t) = (actor_country(&e.source), actor_country(&e.target)) else { return false };
    if !sources.contains(&s) {
        return false;
    }
    if !targets.is_empty() {
        return t.is_some_and(|t| targets.contains(&t));
    }
    if sources.len() >= 2 {
        // Reciprocal: the target is another of the sources (which may share
        // a country: a state's army and a rebel group of the same state).
        return t.is_some_and(|t| sources.contains(&t) && (t != s || sources.iter().filter(|c| **c == t).count() >= 2));
    }
    true
}

fn full_match(item: &TextItem, e: &Event) -> bool {
    let code_eq = |gold: &str, ours: &Option<dyad::event::ActorRef>| {
        let g = gold.trim_end_matches('*');
        ours.as_ref().is_some_and(|a| a.code.eq_ignore_ascii_case(g) || (gold.ends_with('*') && a.code.starts_with(g)))
    };
    e.cameo == item.cameo
        && item.source.iter().flatten().any(|g| code_eq(&g.code, &e.source))
        && (item.target.as_ref().is_none_or(|t| t.is_empty()) || item.target.iter().flatten().any(|g| code_eq(&g.code, &e.target)))
}

/// Scores the development-set form.
pub fn score_texts(coder: &Coder, items: &[TextItem]) -> TextScores {
    let coded: Vec<(Vec<Event>, Vec<String>)> = items
        .par_iter()
        .map(|item| {
            let doc = Document::from_text(item.id.clone(), item.text.clone(), None);
            let actors = coder.actor_codes(&doc);
            // Root recall measures which acts are recognised, whether or
            // not their actor is named, so one-sided events count.
            (coder.code_with(&doc, Options { sourceless: true, ..Options::default() }), actors)
        })
        .collect();
    let mut s = TextScores::default();
    for (item, (events, actors)) in items.iter().zip(&coded) {
        let root = item.root();
        let asserted: Vec<&Event> = events.iter().filter(|e| e.modality == dyad::event::Modality::Asserted).collect();
        let root_hit = events.iter().any(|e| e.root == root);
        s.root_recall.add(root_hit);
        s.root_recall_asserted.add(asserted.iter().any(|e| e.root == root));
        let first = asserted.first().map_or("none".to_string(), |e| e.root.clone());
        s.first_asserted_root.add(first == root);
        *s.confusion.entry(root.to_string()).or_default().entry(first).or_default() += 1;
        let row = s.per_root.entry(root.to_string()).or_default();
        row.root.add(root_hit);
        let produced: Vec<String> = events.iter().map(describe).collect();
        let expected_actors = |item: &TextItem| {
            let a = |l: &Option<Vec<crate::gold::GoldActor>>| l.iter().flatten().map(|g| g.code.clone()).collect::<Vec<_>>().join(",");
            format!("{}->{} {}", a(&item.source), a(&item.target), item.cameo)
        };
        let mut miss = !root_hit;
        if item.has_actors() {
            let hit = events.iter().any(|e| e.root == root && actors_match(item, e));
            s.root_actor_recall.add(hit);
            row.root_actors.add(hit);
            s.full_recall.add(events.iter().any(|e| full_match(item, e)));
            miss |= !hit;
            let recognised: Vec<String> = actors.iter().map(|c| country(c)).collect();
            let mut actor_missed = false;
            for gold in item.source.iter().flatten().chain(item.target.iter().flatten()) {
                let found = recognised.contains(&country(&gold.code));
                s.actor_recall.add(found);
                actor_missed |= !found;
            }
            if actor_missed {
                s.actor_misses.push(Miss {
                    id: item.id.clone(),
                    text: item.text.clone(),
                    expected: expected_actors(item),
                    produced: Vec::new(),
                    actors: actors.clone(),
                });
            }
        }
        if miss {
            s.misses.push(Miss {
                id: item.id.clone(),
                text: item.text.clone(),
                expected: expected_actors(item),
                produced,
                actors: actors.clone(),
            });
        }
    }
    s
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of the article form, at three levels.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ArticleScores {
    pub root: Prf,
    pub root_countries: Prf,
    pub full: Prf,
    pub per_root: BTreeMap<String, Prf>,
    pub misses: Vec<String>,
    pub false_alarms: Vec<String>,
}

type Key = (String, String, String);

fn keys_gold(g: &ArticleItem, level: usize) -> Key {
    let src = g.source.clone().unwrap_or_default();
    let tgt = g.target.clone().unwrap_or_default();
    match level {
        0 => (g.code[..2].to_string(), String::new(), String::new()),
        1 => (g.code[..2].to_string(), country(&src), country(&tgt)),
        _ => (g.code.clone(), src, tgt),
    }
}

fn keys_event(e: &Event, level: usize) -> Key {
    let code = |a: &Option<dyad::event::ActorRef>| a.as_ref().map_or(String::new(), |a| a.code.to_string());
    match level {
        0 => (e.root.clone(), String::new(), String::new()),
        1 => (e.root.clone(), country(&code(&e.source)), country(&code(&e.target))),
        _ => (e.cameo.clone(), code(&e.source), code(&e.target)),
    }
}

/// Scores the article form. Only asserted events count as produced: a
/// negated or hypothetical act is not an event that happened.
pub fn score_articles(coder: &Coder, docs: &[Document], gold: &[ArticleItem]) -> ArticleScores {
    let mut s = ArticleScores::default();
    let coded: Vec<Vec<Event>> =
        docs.par_iter().map(|d| coder.code(d).into_iter().filter(|e| e.modality == dyad::event::Modality::Asserted).collect()).collect();
    for (doc, events) in docs.iter().zip(&coded) {
        let expected: Vec<&ArticleItem> = gold.iter().filter(|g| g.doc_id == doc.id).collect();
        // Expected events are grouped by sentence where the gold names one.
        let same_sentence = |g: &ArticleItem, e: &Event| g.sentence.as_ref().is_none_or(|s| s.trim() == e.sentence.trim());
        for (level, prf) in [(0, &mut s.root), (1, &mut s.root_countries), (2, &mut s.full)] {
            let mut used = vec![false; events.len()];
            for g in &expected {
                let key = keys_gold(g, level);
                let hit = events.iter().enumerate().find(|(i, e)| !used[*i] && same_sentence(g, e) && keys_event(e, level) == key);
                match hit {
                    Some((i, _)) => {
                        used[i] = true;
                        prf.true_positives += 1;
                    }
                    None => {
                        prf.false_negatives += 1;
                        if level == 1 {
                            s.misses.push(format!(
                                "{}: expected {} {}->{} in {:?}",
                                doc.id,
                                g.code,
                                g.source.as_deref().unwrap_or("-"),
                                g.target.as_deref().unwrap_or("-"),
                                g.sentence.as_deref().unwrap_or("")
                            ));
                        }
                    }
                }
                if level == 1 {
                    let row = s.per_root.entry(g.code[..2].to_string()).or_default();
                    if hit.is_some() {
                        row.true_positives += 1;
                    } else {
                        row.false_negatives += 1;
                    }
                }
            }
            for (i, e) in events.iter().enumerate() {
                if !used[i] {
                    prf.false_positives += 1;
                    if level == 1 {
                        s.per_root.entry(e.root.clone()).or_default().false_positives += 1;
                        s.false_alarms.push(format!("{}: produced {} in {:?}", doc.id, describe(e), e.sentence));
                    }
                }
            }
        }
    }
    s
}
