use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use chrono::NaiveDate;

use dyad_export::ExportFormat;
use dyad_store::{Reader, RecordFilter};

use super::parse_date;

#[derive(clap::Args)]
pub struct Args {
    /// The database (SQLite).
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// gdelt (GDELT 2.0 Events), gdelt-mentions, plover (JSON Lines),
    /// parquet (a directory, one file per month), csv or tsv.
    #[arg(long)]
    format: ExportFormat,
    /// Records on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Records on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    until: Option<NaiveDate>,
    /// Records reported by at least N outlets.
    #[arg(long, value_name = "N")]
    min_sources: Option<i64>,
    /// Records reported in at least N articles.
    #[arg(long, value_name = "N")]
    min_articles: Option<i64>,
    /// Output file, `-` for standard output (the default); a directory for
    /// Parquet.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let reader = Reader::open(&args.db)?;
    let filter = RecordFilter {
        since: args.since.map(|d| d.to_string()),
        until: args.until.map(|d| d.to_string()),
        min_sources: args.min_sources,
        min_articles: args.min_articles,
    };
    let format = args.format;
    let to_stdout = args.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
    if format == ExportFormat::Parquet {
        let Some(dir) = args.output.filter(|_| !to_stdout) else {
            eprintln!("dyad export: Parquet needs an output directory (-o DIR)");
            return Ok(ExitCode::from(2));
        };
        let files = dyad_export::export_parquet(&reader, &filter, &dir).map_err(|e| anyhow!(e))?;
        eprintln!("dyad: {} Parquet files under {}", files.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let count = match args.output.filter(|_| !to_stdout) {
        Some(path) => {
            let file = std::fs::File::create(&path).map_err(|e| anyhow!("{}: cannot create: {e}", path.display()))?;
            dyad_export::export_to(&reader, &filter, format, BufWriter::new(file))
        }
        None => dyad_export::export_to(&reader, &filter, format, BufWriter::new(io::stdout().lock())),
    }
    .map_err(|e| anyhow!(e))?;
    eprintln!("dyad: {count} event records exported");
    Ok(ExitCode::SUCCESS)
}
