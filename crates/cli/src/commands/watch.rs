use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{anyhow, Result};

use dyad::Document;
use dyad_sources::fetch::{Fetcher, Politeness, Skip};
use dyad_store::ingest::{ingest, Options};
use dyad_store::Reader;

use super::load_coder;

#[derive(clap::Args)]
pub struct Args {
    /// A file of feed URLs, one a line (`#` starts a comment).
    feeds: PathBuf,
    /// The database (SQLite); created if missing.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Time between rounds: 90s, 15m, 1h.
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    every: Duration,
    /// Stop after this many rounds (0: never).
    #[arg(long, default_value_t = 0)]
    rounds: usize,
    /// Least time between two requests to one host: 2s, 500ms.
    #[arg(long, default_value = "2s", value_parser = parse_every)]
    host_delay: Duration,
    /// Code the items' titles and summaries only, without fetching their pages.
    #[arg(long)]
    no_pages: bool,
}

/// `90s`, `15m`, `1h`, `500ms`.
pub fn parse_every(value: &str) -> Result<Duration, String> {
    let v = value.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let n: u64 = number.parse().map_err(|_| format!("expected a duration like 90s, 15m or 1h, got {value:?}"))?;
    Ok(match unit {
        "ms" => Duration::from_millis(n),
        "s" | "" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        _ => return Err(format!("unknown unit {unit:?} in {value:?} (ms, s, m, h)")),
    })
}

/// The feed URLs of a list file; errors name the file and line.
fn read_feed_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    let mut urls = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if !(line.starts_with("http://") || line.starts_with("https://")) {
            return Err(anyhow!("{}:{}: not an http(s) URL: {line:?}", path.display(), i + 1));
        }
        urls.push(line.to_string());
    }
    Ok(urls)
}

/// Polls every feed once: new documents, and how many feeds failed.
/// Items stored in `db` by an earlier run are not fetched again.
pub fn poll_feeds(fetcher: &mut Fetcher, feeds: &[String], pages: bool, db: &Path) -> (Vec<Document>, usize) {
    let reader = Reader::open(db).ok();
    let stored = |link: &str| reader.as_ref().is_some_and(|r| r.has_document(link).unwrap_or(false));
    let (mut docs, mut failed) = (Vec::new(), 0);
    for feed in feeds {
        match fetcher.poll_feed(feed, pages, stored) {
            Ok(round) => {
                for (url, skip) in &round.skipped {
                    if *skip != Skip::AlreadyFetched {
                        eprintln!("dyad: {url}: {skip}; coded from the feed's text");
                    }
                }
                eprintln!("dyad: {feed}: {} new items", round.documents.len());
                docs.extend(round.documents);
            }
            Err(e) => {
                eprintln!("dyad: {e}");
                failed += 1;
            }
        }
    }
    (docs, failed)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let feeds = read_feed_list(&args.feeds)?;
    super::ingest::init_logging();
    let coder = load_coder(None, false)?;
    let mut fetcher = Fetcher::new(Politeness { host_delay: args.host_delay, ..Politeness::default() });
    let mut round = 0;
    loop {
        round += 1;
        let (docs, failed) = poll_feeds(&mut fetcher, &feeds, !args.no_pages, &args.db);
        let stats = ingest(&args.db, &coder, docs, &Options::default(), &|_| {})?;
        tracing::info!(
            "round {round}: {} feeds ({failed} failed), {} new documents stored, {} unchanged, {} events",
            feeds.len(),
            stats.stored + stats.replaced,
            stats.unchanged,
            stats.events
        );
        if args.rounds != 0 && round >= args.rounds {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(args.every);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_every("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_every("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_every("2"), Ok(Duration::from_secs(2)));
        assert!(parse_every("soon").is_err());
        assert!(parse_every("3d").unwrap_err().contains("unknown unit"));
    }

    #[test]
    fn feed_list_errors_name_the_line() {
        let path = std::env::temp_dir().join(format!("dyad-feeds-{}.txt", std::process::id()));
        std::fs::write(&path, "# world\nhttps://a.example/feed.xml\n\nftp://b.example/x\n").unwrap();
        let err = read_feed_list(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(err.ends_with(":4: not an http(s) URL: \"ftp://b.example/x\""), "{err}");
    }
}
