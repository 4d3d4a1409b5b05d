use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use dyad_store::ingest::{ingest, Options, Stats};

use super::{load_coder, parse_date};

#[derive(clap::Args)]
pub struct Args {
    /// Articles (.txt), JSON Lines files (.jsonl), HTML pages, RSS/Atom
    /// feeds, WARC archives, directories, or `-` for standard input.
    paths: Vec<String>,
    /// Fetch this RSS/Atom feed and its items' pages over HTTP(S)
    /// (repeatable).
    #[arg(long = "feed", value_name = "URL")]
    feeds: Vec<String>,
    /// How to read the inputs: auto (by file extension), text, jsonl,
    /// html, feed or warc.
    #[arg(long, default_value = "auto")]
    input_format: dyad_sources::InputFormat,
    /// The database (SQLite); created if missing.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// A dictionary directory laid over the built-in dictionaries.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Use only the --dict directory, without the built-in dictionaries.
    #[arg(long, requires = "dict")]
    no_builtin: bool,
    /// Code again documents that are stored unchanged (after the
    /// dictionaries changed); normally they are skipped.
    #[arg(long)]
    recode: bool,
}

/// Log lines on stderr (the progress bar draws there too, so logs are
/// only written when it is not a terminal or the bar is done).
pub(crate) fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

/// How often the plain log reports progress when stderr is not a
/// terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

pub fn run(args: Args) -> Result<ExitCode> {
    if args.paths.is_empty() && args.feeds.is_empty() {
        eprintln!("dyad ingest: give one or more paths, `-` for standard input, or --feed URL");
        return Ok(ExitCode::from(2));
    }
    init_logging();
    let coder = load_coder(args.dict.as_ref(), args.no_builtin)?;
    let (mut docs, mut failed) = (Vec::new(), 0);
    for path in &args.paths {
        for item in dyad_sources::read_input(path, args.input_format) {
            match item {
                Ok(mut doc) => {
                    if doc.date.is_none() {
                        doc.date = args.date;
                    }
                    docs.push(doc);
                }
                Err(e) => {
                    eprintln!("dyad: {e}");
                    failed += 1;
                }
            }
        }
    }
    let mut fetcher = dyad_sources::fetch::Fetcher::new(Default::default());
    let (fetched, feeds_failed) = super::watch::poll_feeds(&mut fetcher, &args.feeds, true, &args.db);
    docs.extend(fetched.into_iter().map(|mut doc| {
        doc.date = doc.date.or(args.date);
        doc
    }));
    failed += feeds_failed;
    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(Some(docs.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} documents · {msg} · ETA {eta}")
                .expect("the template is valid")
                .progress_chars("█▉ "),
        );
        bar
    });
    let last_log = Mutex::new(Instant::now());
    let progress = |s: &Stats| match &bar {
        Some(bar) => {
            bar.set_position(s.done as u64);
            let rate = s.done as f64 / bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} events · {rate:.0} documents/s", s.events));
        }
        None => {
            let mut last = last_log.lock().unwrap_or_else(|p| p.into_inner());
            if last.elapsed() >= LOG_EVERY {
                *last = Instant::now();
                tracing::info!("{}/{} documents, {} events, {} committed", s.done, s.total, s.events, s.committed);
            }
        }
    };
    let options = Options { recode: args.recode, ..Options::default() };
    let stats = ingest(&args.db, &coder, docs, &options, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let stats = stats?;
    for (id, other) in stats.duplicates.iter().take(20) {
        eprintln!("dyad: {id}: same content as stored document {other:?}, skipped");
    }
    if stats.duplicates.len() > 20 {
        eprintln!("dyad: ... and {} more duplicates", stats.duplicates.len() - 20);
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    tracing::info!(
        "{}: {} documents ({} stored, {} replaced, {} unchanged, {} duplicates), {} events in {secs:.1} s ({:.0} documents/s, {:.0} events/s)",
        args.db.display(),
        stats.done,
        stats.stored,
        stats.replaced,
        stats.unchanged,
        stats.duplicates.len(),
        stats.events,
        (stats.stored + stats.replaced) as f64 / secs,
        stats.events as f64 / secs,
    );
    if failed > 0 {
        eprintln!("dyad: {failed} inputs could not be read; everything else is stored");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
