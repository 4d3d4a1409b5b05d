//! Writing dyad lists in the output formats of `dyad code` (events
//! themselves go through `dyad::output`).

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use dyad::output::Format;

use crate::read::DyadRow;

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

pub fn write_dyads(format: Format, rows: &[DyadRow], mut out: impl Write) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for d in rows {
                serde_json::to_writer(&mut out, d)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(&mut out);
            w.write_record(DYAD_COLUMNS)?;
            for d in rows {
                w.write_record(cells(d))?;
            }
            w.flush()?;
        }
        Format::Table => {
            if rows.is_empty() {
                writeln!(out, "(no dyads)")?;
            } else {
                let mut table = Table::new();
                table.load_preset(UTF8_FULL_CONDENSED);
                table.set_header([
                    "a",
                    "b",
                    "events",
                    "q1 verbal coop",
                    "q2 material coop",
                    "q3 verbal conflict",
                    "q4 material conflict",
                    "goldstein",
                    "last",
                ]);
                for d in rows {
                    table.add_row(cells(d));
                }
                writeln!(out, "{table}")?;
            }
        }
    }
    out.flush()
}
