//! Writing dyad lists and event records in the output formats of `dyad code` (events
//! themselves go through `dyad::output`).

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use dyad::output::Format;

use serde::Serialize;

use crate::read::DyadRow;
use crate::records::EventRecord;

const DYAD_COLUMNS: [&str; 9] = ["a", "b", "events", "q1", "q2", "q3", "q4", "goldstein", "last"];

fn cells(d: &DyadRow) -> [String; 9] {
    [
        d.a.clone(),
        d.b.clone(),
        d.totals.events.to_string(),
        d.totals.q1.to_string(),
        d.totals.q2.to_string(),
        d.totals.q3.to_string(),
        d.totals.q4.to_string(),
        format!("{:.1}", d.totals.goldstein),
        d.last.clone().unwrap_or_default(),
    ]
}

pub fn write_dyads(format: Format, rows: &[DyadRow], out: impl Write) -> io::Result<()> {
    let header =
        ["a", "b", "events", "q1 verbal coop", "q2 material coop", "q3 verbal conflict", "q4 material conflict", "goldstein", "last"];
    write_rows(format, rows, (&DYAD_COLUMNS, &header), |d| cells(d).to_vec(), "(no dyads)", out)
}

const RECORD_COLUMNS: [&str; 11] = [
    "id",
    "date",
    "source_code",
    "target_code",
    "cameo",
    "modality",
    "num_mentions",
    "num_articles",
    "num_sources",
    "num_stories",
    "last_seen",
];

fn record_cells(r: &EventRecord) -> Vec<String> {
    vec![
        r.id.to_string(),
        r.date.clone().unwrap_or_default(),
        r.source_code.clone().unwrap_or_default(),
        r.target_code.clone().unwrap_or_default(),
        r.cameo.clone(),
        r.modality.clone(),
        r.num_mentions.to_string(),
        r.num_articles.to_string(),
        r.num_sources.to_string(),
        r.num_stories.to_string(),
        r.last_seen.clone(),
    ]
}

/// Event records (`dyad query --records`).
pub fn write_records(format: Format, rows: &[EventRecord], out: impl Write) -> io::Result<()> {
    let header = ["id", "date", "source", "target", "cameo", "modality", "mentions", "articles", "sources", "stories", "last seen"];
    write_rows(format, rows, (&RECORD_COLUMNS, &header), record_cells, "(no records)", out)
}

/// Rows as JSON Lines, CSV/TSV under `columns.0`, or a table under
/// `columns.1`.
fn write_rows<T: Serialize>(
    format: Format,
    rows: &[T],
    columns: (&[&str], &[&str]),
    cells: impl Fn(&T) -> Vec<String>,
    empty: &str,
    mut out: impl Write,
) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, row)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(&mut out);
            w.write_record(columns.0)?;
            for row in rows {
                w.write_record(cells(row))?;
            }
            w.flush()?;
        }
        Format::Table => {
            if rows.is_empty() {
                writeln!(out, "{empty}")?;
            } else {
                let mut table = Table::new();
                table.load_preset(UTF8_FULL_CONDENSED);
                table.set_header(columns.1);
                for row in rows {
                    table.add_row(cells(row));
                }
                writeln!(out, "{table}")?;
            }
        }
    }
    out.flush()
}
