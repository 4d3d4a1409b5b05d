use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
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
    // Feeds are polled before the store is opened for writing; items an
    // earlier run stored are not fetched again.
    let mut fetcher = dyad_sources::fetch::Fetcher::new(Default::default());
    let (fetched, feeds_failed) = super::watch::poll_feeds(&mut fetcher, &args.feeds, true, &args.db);
    // Read errors are reported as the stream reaches them; the documents
    // around them are stored.
    let unreadable = AtomicUsize::new(feeds_failed);
    let read = args.paths.iter().flat_map(|path| dyad_sources::read_input(path, args.input_format));
    let docs = read.chain(fetched.into_iter().map(Ok)).filter_map(|item| match item {
        Ok(mut doc) => {
            if doc.date.is_none() {
                doc.date = args.date;
            }
            Some(doc)
        }
        Err(e) => {
            eprintln!("dyad: {e}");
            unreadable.fetch_add(1, Ordering::Relaxed);
            None
        }
    });
    let started = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        // The input is streamed, so its length is not known in advance.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {pos} documents · {msg}").expect("the template is valid"));
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
                tracing::info!("{} documents, {} events, {} committed", s.done, s.events, s.committed);
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
    for (id, origin) in stats.repeated.iter().take(20) {
        let at = origin.as_deref().map(|o| format!("{o}: ")).unwrap_or_default();
        eprintln!("dyad: {at}id {id:?} came again; the last version is stored");
    }
    if stats.repeated.len() > 20 {
        eprintln!("dyad: ... and {} more repeated ids", stats.repeated.len() - 20);
    }
    for e in &stats.failed {
        eprintln!("dyad: {e}");
    }
    let failed = unreadable.into_inner() + stats.failed.len();
    if failed > 0 {
        eprintln!("dyad: {failed} inputs could not be read or coded; everything else is stored");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
