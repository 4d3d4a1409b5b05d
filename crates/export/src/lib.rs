//! Standard exports of the dyad store, at the level of event records
//! (mentions grouped across documents, see docs/records.md):
//!
//! - [`gdelt`]: GDELT 2.0 Events (61 columns) and Mentions tables, TSV;
//! - [`plover`]: PLOVER JSON Lines;
//! - [`parquet_out`]: Parquet files of records and mentions, by month;
//! - CSV and TSV of the records with names, counts and source URL.
//!
//! [`export`] reads the records matching a [`RecordFilter`] page by page
//! and writes them in one [`ExportFormat`]. This crate only reads the
//! store.

pub mod gdelt;
pub mod parquet_out;
pub mod plover;

use std::io::Write;
use std::path::Path;

use dyad_store::{EventRecord, Mention, Reader, RecordFilter};

/// The export formats of `dyad export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GDELT 2.0 Events table (61 tab-separated columns, no header).
    Gdelt,
    /// GDELT 2.0 Mentions table.
    GdeltMentions,
    /// PLOVER JSON Lines.
    Plover,
    /// Parquet files of records and mentions, one per month, in a directory.
    Parquet,
    Csv,
    Tsv,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Ok(match name {
            "gdelt" => ExportFormat::Gdelt,
            "gdelt-mentions" => ExportFormat::GdeltMentions,
            "plover" => ExportFormat::Plover,
            "parquet" => ExportFormat::Parquet,
            "csv" => ExportFormat::Csv,
            "tsv" => ExportFormat::Tsv,
            other => return Err(format!("unknown export format {other:?} (gdelt, gdelt-mentions, plover, parquet, csv, tsv)")),
        })
    }
}

/// The columns of the CSV and TSV record exports.
pub const RECORD_COLUMNS: [&str; 17] = [
    "id",
    "date",
    "source_code",
    "source_name",
    "target_code",
    "target_name",
    "cameo",
    "quad_class",
    "goldstein",
    "modality",
    "num_mentions",
    "num_articles",
    "num_sources",
    "num_stories",
    "first_seen",
    "last_seen",
    "source_url",
];

fn record_row(r: &EventRecord, mentions: &[Mention]) -> Vec<String> {
    let first = mentions.first();
    let name = |f: fn(&Mention) -> &Option<String>| first.and_then(|m| f(m).clone()).unwrap_or_default();
    vec![
        r.id.to_string(),
        r.date.clone().unwrap_or_default(),
        r.source_code.clone().unwrap_or_default(),
        name(|m| &m.source.name),
        r.target_code.clone().unwrap_or_default(),
        name(|m| &m.target.name),
        r.cameo.clone(),
        first.map(|m| m.quad_class.to_string()).unwrap_or_default(),
        first.map(|m| goldstein_text(m.goldstein)).unwrap_or_default(),
        r.modality.clone(),
        r.num_mentions.to_string(),
        r.num_articles.to_string(),
        r.num_sources.to_string(),
        r.num_stories.to_string(),
        r.first_seen.clone(),
        r.last_seen.clone(),
        name(|m| &m.url),
    ]
}

/// Goldstein scores have one decimal; the store keeps them as REAL, whose
/// binary digits would otherwise show ("3.4000000953674316").
pub fn goldstein_text(g: f64) -> String {
    format!("{g:.1}")
}

/// Records read per page.
const PAGE: usize = 1000;

/// Calls `each` with every record matching `filter` and its mentions, in
/// record id order, one page in memory at a time.
pub fn for_each_record(
    reader: &Reader,
    filter: &RecordFilter,
    mut each: impl FnMut(&EventRecord, &[Mention]) -> Result<(), String>,
) -> Result<usize, String> {
    let (mut after, mut count) = (0, 0);
    loop {
        let page = reader.records(filter, after, PAGE).map_err(|e| e.to_string())?;
        for r in &page {
            let mentions = reader.record_mentions(r.id).map_err(|e| e.to_string())?;
            each(r, &mentions)?;
            count += 1;
        }
        match page.last() {
            Some(last) if page.len() == PAGE => after = last.id,
            _ => return Ok(count),
        }
    }
}

/// Writes the records in `format` to `out` (every format but Parquet).
/// Returns how many records were written.
pub fn export_to(reader: &Reader, filter: &RecordFilter, format: ExportFormat, out: impl Write) -> Result<usize, String> {
    let io = |e: std::io::Error| format!("cannot write: {e}");
    let csv_err = |e: csv::Error| format!("cannot write: {e}");
    match format {
        ExportFormat::Plover => {
            let mut out = out;
            let mut written = 0;
            for_each_record(reader, filter, |r, mentions| {
                if let Some(value) = plover::plover_record(r, mentions) {
                    writeln!(out, "{value}").map_err(io)?;
                    written += 1;
                }
                Ok(())
            })?;
            out.flush().map_err(io)?;
            Ok(written)
        }
        ExportFormat::Parquet => Err("Parquet is written to a directory (-o DIR)".to_string()),
        ExportFormat::Gdelt | ExportFormat::GdeltMentions | ExportFormat::Csv | ExportFormat::Tsv => {
            // GDELT's files have no header line; the CSV and TSV exports do.
            let (delimiter, header): (u8, Option<&[&str]>) = match format {
                ExportFormat::Csv => (b',', Some(&RECORD_COLUMNS)),
                ExportFormat::Tsv => (b'\t', Some(&RECORD_COLUMNS)),
                _ => (b'\t', None),
            };
            let mut w = csv::WriterBuilder::new().delimiter(delimiter).quote_style(csv::QuoteStyle::Necessary).from_writer(out);
            if let Some(header) = header {
                w.write_record(header).map_err(csv_err)?;
            }
            let count = for_each_record(reader, filter, |r, mentions| {
                match format {
                    ExportFormat::Gdelt => w.write_record(gdelt::event_row(r, mentions)).map_err(csv_err)?,
                    ExportFormat::GdeltMentions => {
                        for m in mentions {
                            w.write_record(gdelt::mention_row(r, m)).map_err(csv_err)?;
                        }
                    }
                    _ => w.write_record(record_row(r, mentions)).map_err(csv_err)?,
                }
                Ok(())
            })?;
            w.flush().map_err(io)?;
            Ok(count)
        }
    }
}

/// Writes the records and mentions as Parquet files under `dir`; returns
/// the files written.
pub fn export_parquet(reader: &Reader, filter: &RecordFilter, dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut tables = parquet_out::ParquetExport::default();
    for_each_record(reader, filter, |r, mentions| {
        tables.add(r, mentions);
        Ok(())
    })?;
    tables.write(dir)
}
