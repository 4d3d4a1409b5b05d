use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use dyad::output::{EventWriter, Format};
use dyad_store::{Cursor, Filter, ParamError, Reader, RecordFilter};

use crate::FormatArg;

#[derive(clap::Args)]
pub struct Args {
    /// The database written by `dyad ingest`.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Source actor code prefix (RUS matches RUSGOV).
    #[arg(long, conflicts_with = "dyads")]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long, conflicts_with = "dyads")]
    target: Option<String>,
    /// Two code prefixes A,B: events between them in either direction.
    #[arg(long, conflicts_with = "dyads")]
    dyad: Option<String>,
    /// CAMEO roots, comma-separated (04,16).
    #[arg(long, conflicts_with = "dyads")]
    root: Option<String>,
    /// CAMEO code prefixes, comma-separated (057,164).
    #[arg(long, conflicts_with = "dyads")]
    cameo: Option<String>,
    /// QuadClasses, comma-separated (3,4).
    #[arg(long, conflicts_with = "dyads")]
    quad: Option<String>,
    /// Earliest date, YYYY-MM-DD.
    #[arg(long, conflicts_with = "dyads")]
    since: Option<String>,
    /// Latest date, YYYY-MM-DD.
    #[arg(long, conflicts_with = "dyads")]
    until: Option<String>,
    /// Modalities, comma-separated (asserted,future).
    #[arg(long, conflicts_with = "dyads")]
    modality: Option<String>,
    /// Full-text query over the evidence sentences (SQLite FTS5 syntax:
    /// words, "phrases", prefix*, OR, NEAR).
    #[arg(long, conflicts_with = "dyads")]
    text: Option<String>,
    /// Events located in this country (ISO3: TUR).
    #[arg(long, conflicts_with = "dyads")]
    country_geo: Option<String>,
    /// Events located within KM of a point: LAT,LON,KM (41.01,28.95,50).
    #[arg(long, conflicts_with = "dyads", allow_hyphen_values = true)]
    near: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    /// At most this many events, newest first; 0 for all.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// List the most active dyads instead of events.
    #[arg(long)]
    dyads: bool,
    /// How many dyads --dyads lists.
    #[arg(long, default_value_t = 20, requires = "dyads")]
    top: usize,
    /// List event records (mentions grouped across documents, with how
    /// many outlets and articles report each) instead of events; takes
    /// --since, --until, --min-sources, --min-articles.
    #[arg(long, conflicts_with_all = ["dyads", "source", "target", "dyad", "root", "cameo", "quad", "modality", "text"])]
    records: bool,
    /// Records reported by at least N outlets.
    #[arg(long, value_name = "N", requires = "records")]
    min_sources: Option<String>,
    /// Records reported in at least N articles.
    #[arg(long, value_name = "N", requires = "records")]
    min_articles: Option<String>,
}

/// Events are read in pages of this many, so an export of everything
/// never holds it all in memory (except for the table, which must).
const PAGE: usize = 1000;

pub fn run(args: Args) -> Result<ExitCode> {
    let format = match args.format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Tsv => Format::Tsv,
        FormatArg::Csv => Format::Csv,
        FormatArg::Table => Format::Table,
    };
    if args.records {
        return records(&args, format);
    }
    let mut filter = Filter::default();
    let given = [
        ("source", &args.source),
        ("target", &args.target),
        ("dyad", &args.dyad),
        ("root", &args.root),
        ("cameo", &args.cameo),
        ("quad", &args.quad),
        ("since", &args.since),
        ("until", &args.until),
        ("modality", &args.modality),
        ("text", &args.text),
        ("country_geo", &args.country_geo),
        ("near", &args.near),
    ];
    if !set_flags(&given, |name, v| filter.set(name, v)) {
        return Ok(ExitCode::from(2));
    }
    let reader = Reader::open(&args.db)?;
    let stdout = io::stdout();
    let out = BufWriter::new(stdout.lock());
    if args.dyads {
        dyad_store::output::write_dyads(format, &reader.top_dyads(args.top)?, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut writer = EventWriter::new(format, out, false)?;
    let (mut cursor, mut left) = (None::<Cursor>, if args.limit == 0 { usize::MAX } else { args.limit });
    while left > 0 {
        let page = match reader.events(&filter, cursor.as_ref(), left.min(PAGE)) {
            Ok(page) => page,
            Err(dyad_store::StoreError::Param(e)) => {
                eprintln!("dyad query: --{}: {}", e.name, e.message);
                return Ok(ExitCode::from(2));
            }
            Err(e) => return Err(e.into()),
        };
        for e in &page.events {
            writer.write(&e.event)?;
        }
        left -= page.events.len();
        match page.next_cursor {
            Some(next) => cursor = Some(Cursor::parse("cursor", &next)?),
            None => break,
        }
    }
    writer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Gives each flag that was given to `set` (a filter's setter); false
/// after reporting the first value it refuses, a usage error.
fn set_flags(given: &[(&str, &Option<String>)], mut set: impl FnMut(&str, &str) -> Result<(), ParamError>) -> bool {
    for (name, value) in given {
        if let Some(v) = value {
            if let Err(e) = set(name, v) {
                eprintln!("dyad query: --{}: {}", name.replace('_', "-"), e.message);
                return false;
            }
        }
    }
    true
}

/// `dyad query --records`.
fn records(args: &Args, format: Format) -> Result<ExitCode> {
    let mut filter = RecordFilter::default();
    let given = [("since", &args.since), ("until", &args.until), ("min_sources", &args.min_sources), ("min_articles", &args.min_articles)];
    if !set_flags(&given, |name, v| filter.set(name, v)) {
        return Ok(ExitCode::from(2));
    }
    let reader = Reader::open(&args.db)?;
    let limit = if args.limit == 0 { usize::MAX } else { args.limit };
    let rows = reader.records(&filter, 0, limit)?;
    dyad_store::output::write_records(format, &rows, BufWriter::new(io::stdout().lock()))?;
    Ok(ExitCode::SUCCESS)
}
