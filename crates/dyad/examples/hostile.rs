//! The long run of the hostile-document property test: codes N generated
//! and mutated documents (default 200,000) and every article under
//! `../shared/gold/news-dev/articles` when present, and counts panics and
//! spans that are not the document's text at their offsets.
//!
//! cargo run --release -p dyad --example hostile -- [N] [SEED]

#[path = "../tests/hostile/gen.rs"]
mod gen;

use std::path::Path;
use std::time::Instant;

use dyad::coder::Options;
use dyad::{Coder, Document, NaiveDate};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[derive(Default)]
struct Tally {
    documents: usize,
    panics: usize,
    bad_spans: usize,
    bytes: usize,
}

impl Tally {
    fn code(&mut self, coder: &Coder, doc: &Document) {
        self.documents += 1;
        self.bytes += doc.text.len();
        match coder.code_guarded(doc, Options { explain: true, sourceless: true }) {
            Err(e) => {
                self.panics += 1;
                eprintln!("{e}");
            }
            Ok(events) => {
                for error in gen::span_errors(&doc.text, &events) {
                    self.bad_spans += 1;
                    eprintln!("{}: {error}", doc.id);
                }
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(13);
    let coder = Coder::builtin().expect("built-in dictionaries load");
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = gen::document();
    let started = Instant::now();
    let mut generated = Tally::default();
    for i in 0..n {
        let text = strategy.new_tree(&mut runner).expect("the generator never rejects").current();
        generated.code(&coder, &Document::from_text(format!("generated-{i}"), text, NaiveDate::from_ymd_opt(2025, 9, 12)));
    }
    println!(
        "generated: {} documents ({:.1} MB), {} panics, {} bad spans, {:.1} s (seed {seed})",
        generated.documents,
        generated.bytes as f64 / 1e6,
        generated.panics,
        generated.bad_spans,
        started.elapsed().as_secs_f64()
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold/news-dev/articles");
    if !dir.is_dir() {
        println!("news-dev: skipped, {} not found", dir.display());
        return;
    }
    let mut news = Tally::default();
    for item in dyad::document::read_path(&dir.display().to_string()) {
        match item {
            Ok(doc) => news.code(&coder, &doc),
            Err(e) => eprintln!("{e}"),
        }
    }
    println!("news-dev: {} articles, {} panics, {} bad spans", news.documents, news.panics, news.bad_spans);
}
