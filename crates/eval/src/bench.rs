//! `dyad bench`: throughput (sentences per second, raw text in -> events
//! serialised out) on one thread and on all threads, dictionary load time,
//! and peak memory. Every figure is the median of several runs.

use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use dyad::coder::sentences;
use dyad::{Coder, DictSet, Document};
use dyad_geo::locate::Geo;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub documents: usize,
    pub sentences: usize,
    pub runs: usize,
    pub load_ms_median: f64,
    /// The first load, as at the start of a process (nothing cached).
    pub load_ms_first: f64,
    /// The slowest load, for how far one run can stray from the median.
    pub load_ms_max: f64,
    pub loads: usize,
    /// The gazetteer and place rules alone (`dyad-geo`), loaded on one
    /// thread; in a coder they load beside the other stages.
    pub places_load_ms_median: f64,
    /// Microseconds per sentence the place rules add (one thread): a pass
    /// finding places minus a pass finding actors only, both tokenizing.
    pub places_us_per_sentence: f64,
    pub one_thread_sentences_per_s: f64,
    /// Tagging and parsing alone (sentence splitting and tokenising
    /// included), one thread.
    pub parse_one_thread_sentences_per_s: f64,
    /// Words per sentence in the corpus, as the parser sees them.
    pub words_per_sentence: f64,
    /// Loading the parser model alone, median of the loads.
    pub syntax_load_ms_median: f64,
    pub all_threads_sentences_per_s: f64,
    pub threads: usize,
    pub scaling: f64,
    pub events_per_run: usize,
    pub json_bytes_per_run: usize,
    pub peak_rss_mb: f64,
    pub seconds_total: f64,
}

/// A tiny deterministic generator: the corpus must be the same on every
/// run so figures compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// States swapped into the example articles to vary the corpus: (name,
/// adjective) pairs.
const STATES: &[(&str, &str)] = &[
    ("Russia", "Russian"),
    ("Ukraine", "Ukrainian"),
    ("China", "Chinese"),
    ("Iran", "Iranian"),
    ("Israel", "Israeli"),
    ("Turkey", "Turkish"),
    ("India", "Indian"),
    ("Pakistan", "Pakistani"),
    ("Sudan", "Sudanese"),
    ("Ethiopia", "Ethiopian"),
    ("Egypt", "Egyptian"),
    ("France", "French"),
    ("Germany", "German"),
    ("Japan", "Japanese"),
    ("Venezuela", "Venezuelan"),
    ("Colombia", "Colombian"),
    ("Serbia", "Serbian"),
    ("Armenia", "Armenian"),
    ("Azerbaijan", "Azerbaijani"),
    ("Nigeria", "Nigerian"),
];

/// Builds a corpus of at least `min_sentences` sentences by recombining the
/// paragraphs of `articles` and swapping the states they name.
pub fn corpus(articles: &[String], min_sentences: usize) -> Vec<Document> {
    let paragraphs: Vec<&str> = articles.iter().flat_map(|a| a.split("\n\n").map(str::trim).filter(|p| p.len() > 40)).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut docs = Vec::new();
    let mut total = 0;
    while total < min_sentences && !paragraphs.is_empty() {
        let mut text = String::new();
        for _ in 0..4 {
            text.push_str(paragraphs[rng.below(paragraphs.len())]);
            text.push_str("\n\n");
        }
        let text = swap_states(text, &mut rng);
        total += sentences(&text).len();
        docs.push(Document::from_text(format!("bench-{}", docs.len()), text, random_date(&mut rng)));
    }
    docs
}

/// Puts two other states in place of the first two of [`STATES`].
fn swap_states(text: String, rng: &mut Rng) -> String {
    let (a, b) = (STATES[rng.below(STATES.len())], STATES[rng.below(STATES.len())]);
    if a == b {
        return text;
    }
    text.replace(STATES[0].0, a.0).replace(STATES[0].1, a.1).replace(STATES[1].0, b.0).replace(STATES[1].1, b.1)
}

fn random_date(rng: &mut Rng) -> Option<dyad::NaiveDate> {
    chrono_date(2024 + rng.below(3) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
}

/// `count` article-sized documents for store and server benchmarks: each
/// is one of `articles` (front matter left out) with its lines after the
/// title in a random order, states swapped and a random date, so every
/// document is a different text of a news article's length.
pub fn articles_corpus(articles: &[String], count: usize) -> Vec<Document> {
    let bodies: Vec<Vec<&str>> = articles.iter().map(|a| article_body(a).lines().filter(|l| !l.trim().is_empty()).collect()).collect();
    let bodies: Vec<&Vec<&str>> = bodies.iter().filter(|lines| !lines.is_empty()).collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut docs = Vec::with_capacity(count);
    while docs.len() < count && !bodies.is_empty() {
        let mut lines = bodies[rng.below(bodies.len())].clone();
        // Fisher-Yates over everything after the title.
        for i in (2..lines.len()).rev() {
            let j = 1 + rng.below(i);
            lines.swap(i, j);
        }
        let text = swap_states(lines.join("\n"), &mut rng);
        docs.push(Document::from_text(format!("news-{}", docs.len()), text, random_date(&mut rng)));
    }
    docs
}

/// An article without its front matter (between two `---` lines).
fn article_body(article: &str) -> &str {
    article.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")).map_or(article, |(_, body)| body)
}

fn chrono_date(y: i32, m: u32, d: u32) -> Option<dyad::NaiveDate> {
    dyad::NaiveDate::from_ymd_opt(y, m, d)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Codes one document and appends its events to `buf` as JSON Lines;
/// returns how many events it had.
fn code_into(coder: &Coder, doc: &Document, buf: &mut Vec<u8>) -> usize {
    let events = coder.code(doc);
    for e in &events {
        serde_json::to_writer(&mut *buf, e).expect("serialising to memory");
        buf.push(b'\n');
    }
    events.len()
}

fn pass_one_thread(coder: &Coder, docs: &[Document]) -> (usize, usize) {
    let mut buf = Vec::with_capacity(1 << 20);
    let (mut events, mut bytes) = (0, 0);
    for d in docs {
        events += code_into(coder, d, &mut buf);
        if buf.len() > 1 << 22 {
            bytes += buf.len();
            buf.clear();
        }
    }
    (events, bytes + buf.len())
}

/// Tags and parses every sentence; returns the number of words.
fn parse_one_thread(coder: &Coder, docs: &[Document]) -> usize {
    docs.iter().map(|d| coder.parse(d).iter().map(|s| s.parse.heads.len()).sum::<usize>()).sum()
}

fn pass_all_threads(coder: &Coder, docs: &[Document]) -> (usize, usize) {
    // Each worker serialises into a buffer of its own that it keeps, as a
    // real writer would, rather than allocating one per chunk.
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    docs.par_chunks(64)
        .map(|chunk| {
            BUFFER.with(|b| {
                let mut buf = b.borrow_mut();
                buf.clear();
                let events = chunk.iter().map(|d| code_into(coder, d, &mut buf)).sum::<usize>();
                (events, buf.len())
            })
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Seconds the place rules add to one pass over `docs` (median of `runs`).
fn place_rules_cost(coder: &Coder, docs: &[Document], runs: usize) -> f64 {
    let timed = |f: &dyn Fn(&Document) -> usize| {
        let t = Instant::now();
        let n: usize = docs.iter().map(f).sum();
        std::hint::black_box(n);
        t.elapsed().as_secs_f64()
    };
    let costs = (0..runs).map(|_| timed(&|d| dyad::place_spans(coder, d).len()) - timed(&|d| coder.actor_codes(d).len())).collect();
    median(costs).max(0.0)
}

/// The least number of loads timed for the load figure.
const LOAD_SAMPLES: usize = 15;

/// Times `load` first, as at the start of a process, and the places of
/// `set` alone, then builds the corpus and times the coding passes over it.
pub fn run(set: &DictSet, load: impl Fn() -> Coder, corpus: impl FnOnce() -> Vec<Document>, runs: usize) -> Report {
    let started = Instant::now();
    let mut loads = Vec::new();
    let mut coder = None;
    // A load takes tens of milliseconds, so it gets more samples than the
    // passes: one slow run on a busy machine then moves the median less.
    for _ in 0..runs.max(LOAD_SAMPLES) {
        // Drop the previous coder first: peak memory is one coder's.
        drop(coder.take());
        let t = Instant::now();
        let c = load();
        loads.push(t.elapsed().as_secs_f64() * 1000.0);
        coder = Some(c);
    }
    let coder = coder.expect("at least one load");
    let places_load_ms_median = median(
        (0..LOAD_SAMPLES)
            .map(|_| {
                let t = Instant::now();
                drop(Geo::load(set).expect("the coder loaded, so its places load"));
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    );
    let syntax_loads: Vec<f64> = (0..LOAD_SAMPLES)
        .map(|_| {
            let t = Instant::now();
            drop(dyad_syntax::builtin::builtin());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let docs = &corpus();
    let sentence_count: usize = docs.iter().map(|d| sentences(&d.text).len()).sum();
    let mut one = Vec::new();
    let mut all = Vec::new();
    let mut parsed = Vec::new();
    let mut words = 0;
    let (mut events, mut bytes) = (0, 0);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        (events, bytes) = pass_one_thread(&coder, docs);
        one.push(sentence_count as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        pass_all_threads(&coder, docs);
        all.push(sentence_count as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        words = parse_one_thread(&coder, docs);
        parsed.push(sentence_count as f64 / t.elapsed().as_secs_f64());
    }
    let (one, all) = (median(one), median(all));
    let places_us_per_sentence = place_rules_cost(&coder, docs, runs.max(1)) / sentence_count.max(1) as f64 * 1e6;
    Report {
        documents: docs.len(),
        sentences: sentence_count,
        runs: runs.max(1),
        load_ms_first: loads[0],
        load_ms_max: loads.iter().copied().fold(0.0, f64::max),
        loads: loads.len(),
        load_ms_median: median(loads),
        places_load_ms_median,
        places_us_per_sentence,
        one_thread_sentences_per_s: one,
        parse_one_thread_sentences_per_s: median(parsed),
        words_per_sentence: words as f64 / sentence_count.max(1) as f64,
        syntax_load_ms_median: median(syntax_loads),
        all_threads_sentences_per_s: all,
        threads: rayon::current_num_threads(),
        scaling: all / one,
        events_per_run: events,
        json_bytes_per_run: bytes,
        peak_rss_mb: peak_rss_mb(),
        seconds_total: started.elapsed().as_secs_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_corpus_varies_bodies_and_leaves_front_matter_out() {
        let article =
            "---\nid: a\ndate: 2025-01-02\n---\nRussia and Ukraine talk\nRussia met Ukraine.\nUkraine thanked Russia.\nThey met again."
                .to_string();
        let docs = articles_corpus(&[article], 40);
        assert_eq!(docs.len(), 40);
        assert!(docs.iter().all(|d| !d.text.contains("---") && d.text.lines().count() == 4 && d.date.is_some()));
        let distinct: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        assert!(distinct.len() > 10, "only {} distinct texts", distinct.len());
        assert_eq!(article_body("No front matter."), "No front matter.");
    }
}
