use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use dyad::coder::sentences;
use dyad::document::{read_article, read_path};
use dyad::{DictSet, Document};

use super::load_coder;

#[derive(clap::Args)]
pub struct Args {
    /// Articles to build the corpus from (default: the built-in examples).
    #[arg(long)]
    corpus: Option<String>,
    /// Size of the generated corpus, in sentences.
    #[arg(long, default_value_t = 300_000)]
    sentences: usize,
    /// Runs per figure; each figure is the median.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long)]
    dict: Option<PathBuf>,
    #[arg(long)]
    json: bool,
    /// Write the generated corpus to this file as JSON Lines (id, date,
    /// text) and exit, to time other tools (the Python package, Spark) on
    /// the same documents.
    #[arg(long)]
    write_corpus: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let articles: Vec<String> = match &args.corpus {
        Some(path) => read_path(path).into_iter().map(|d| d.map(|d| d.text).map_err(|e| anyhow!("{e}"))).collect::<Result<_>>()?,
        None => dyad::examples::articles().into_iter().map(|(_, t)| t.to_string()).collect(),
    };
    if articles.is_empty() {
        return Err(anyhow!("the corpus holds no articles"));
    }
    let dict = args.dict.clone();
    // Fail early, with the dictionary errors, before timing anything.
    load_coder(dict.as_ref(), false)?;
    let set = match &dict {
        Some(d) => DictSet::with_overrides(d).map_err(|e| anyhow!("{e}"))?,
        None => DictSet::builtin(),
    };
    let corpus = || dyad_eval::bench::corpus(&articles, args.sentences);
    if let Some(path) = &args.write_corpus {
        // Front matter is metadata, not news text: other tools get the
        // bodies only.
        let bodies: Vec<String> = articles.iter().map(|a| article_body(a)).collect();
        let docs = dyad_eval::bench::corpus(&bodies, args.sentences);
        write_corpus(path, &docs).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let sentences: usize = docs.iter().map(|d| sentences(&d.text).len()).sum();
        println!("dyad bench: wrote {} documents, {sentences} sentences, to {}", docs.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let report = dyad_eval::bench::run(&set, || dyad::Coder::load(&set).expect("checked above"), corpus, args.runs);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("dyad bench: {} documents, {} sentences, median of {} runs", report.documents, report.sentences, report.runs);
    println!(
        "  dictionary load            {:>10.1} ms  (median of {}; first {:.1}, slowest {:.1})",
        report.load_ms_median, report.loads, report.load_ms_first, report.load_ms_max
    );
    println!("    of which places alone    {:>10.1} ms  (gazetteer and place rules on one thread, median)", report.places_load_ms_median);
    println!("  place rules add            {:>10.1} µs per sentence  (one thread)", report.places_us_per_sentence);
    println!("  parser model load          {:>10.1} ms  (median of the loads)", report.syntax_load_ms_median);
    println!("  one thread                 {:>10.0} sentences/s", report.one_thread_sentences_per_s);
    println!(
        "  tag + parse, one thread    {:>10.0} sentences/s  ({:.1} words per sentence)",
        report.parse_one_thread_sentences_per_s, report.words_per_sentence
    );
    println!(
        "  all threads ({})            {:>10.0} sentences/s  (x{:.2})",
        report.threads, report.all_threads_sentences_per_s, report.scaling
    );
    println!("  events per pass            {:>10}  ({} bytes of JSON)", report.events_per_run, report.json_bytes_per_run);
    println!("  peak RSS                   {:>10.1} MB", report.peak_rss_mb);
    println!("  wall time                  {:>10.1} s", report.seconds_total);
    Ok(ExitCode::SUCCESS)
}

fn article_body(article: &str) -> String {
    read_article("article", "article", article.as_bytes()).map(|d| d.text).unwrap_or_else(|_| article.to_string())
}

/// The corpus as JSON Lines, one `{"id", "date", "text"}` document a line.
fn write_corpus(path: &Path, docs: &[Document]) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for doc in docs {
        let line = serde_json::json!({ "id": doc.id, "date": doc.date, "text": doc.text });
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_not_part_of_the_written_text() {
        assert_eq!(article_body("---\nid: a\n---\nTalks halted\n\nMoscow paused talks.\n"), "Talks halted\n\nMoscow paused talks.\n");
    }

    #[test]
    fn a_written_corpus_reads_back_as_the_same_documents() {
        let path = std::env::temp_dir().join(format!("dyad-bench-corpus-{}.jsonl", std::process::id()));
        let articles: Vec<String> = dyad::examples::articles().into_iter().map(|(_, t)| t.to_string()).collect();
        let docs = dyad_eval::bench::corpus(&articles, 200);
        write_corpus(&path, &docs).unwrap();
        let back: Vec<Document> = read_path(path.to_str().unwrap()).into_iter().map(Result::unwrap).collect();
        std::fs::remove_file(&path).unwrap();
        let key = |d: &Document| (d.id.clone(), d.date, d.text.clone());
        assert_eq!(back.iter().map(key).collect::<Vec<_>>(), docs.iter().map(key).collect::<Vec<_>>());
    }
}
