//! Output formats: JSON Lines (the contract), GDELT-style TSV and CSV, and
//! an aligned terminal table.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use dyad_events::event::{ActorRef, Event};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Tsv,
    Csv,
    Table,
}

/// The columns of the TSV and CSV formats. New columns go at the end, so
/// scripts that read columns by position keep working.
pub const COLUMNS: [&str; 18] = [
    "date",
    "source_code",
    "source_country",
    "source_sector",
    "target_code",
    "target_country",
    "target_sector",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "modality",
    "doc_id",
    "sentence_index",
    "source_name",
    "target_name",
    "action_text",
    "sentence",
];

fn actor_cols(a: &Option<ActorRef>) -> [String; 3] {
    match a {
        Some(a) => {
            [a.code.to_string(), a.country.as_deref().unwrap_or_default().to_string(), a.sector.as_deref().unwrap_or_default().to_string()]
        }
        None => Default::default(),
    }
}

pub fn row(e: &Event) -> Vec<String> {
    let [sc, sco, sse] = actor_cols(&e.source);
    let [tc, tco, tse] = actor_cols(&e.target);
    vec![
        e.date.map(|d| d.to_string()).unwrap_or_default(),
        sc,
        sco,
        sse,
        tc,
        tco,
        tse,
        e.cameo.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{}", e.goldstein),
        e.modality.as_str().to_string(),
        e.doc_id.clone(),
        e.sentence_index.to_string(),
        e.source.as_ref().map(|a| a.name.to_string()).unwrap_or_default(),
        e.target.as_ref().map(|a| a.name.to_string()).unwrap_or_default(),
        e.action.text.clone(),
        e.sentence.to_string(),
    ]
}

/// Writes events as they come; the table format buffers and prints on
/// [`EventWriter::finish`].
pub enum EventWriter<W: Write> {
    Jsonl(W),
    Delimited(Box<csv::Writer<W>>),
    Table { out: W, events: Vec<Event>, explain: bool },
}

impl<W: Write> EventWriter<W> {
    pub fn new(format: Format, out: W, explain: bool) -> io::Result<EventWriter<W>> {
        Ok(match format {
            Format::Jsonl => EventWriter::Jsonl(out),
            Format::Tsv | Format::Csv => {
                let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
                let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
                w.write_record(COLUMNS)?;
                EventWriter::Delimited(Box::new(w))
            }
            Format::Table => EventWriter::Table { out, events: Vec::new(), explain },
        })
    }

    pub fn write(&mut self, e: &Event) -> io::Result<()> {
        match self {
            EventWriter::Jsonl(out) => {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")
            }
            EventWriter::Delimited(w) => w.write_record(row(e)).map_err(io::Error::other),
            EventWriter::Table { events, .. } => {
                events.push(e.clone());
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            EventWriter::Jsonl(mut out) => out.flush(),
            EventWriter::Delimited(mut w) => w.flush(),
            EventWriter::Table { mut out, events, explain } => {
                if events.is_empty() {
                    writeln!(out, "(no events)")?;
                } else {
                    writeln!(out, "{}", render_table(&events, explain))?;
                }
                out.flush()
            }
        }
    }
}

fn actor_cell(a: &Option<ActorRef>) -> String {
    match a {
        Some(a) => format!("{}\n{}", a.code, a.text),
        None => "-".to_string(),
    }
}

pub fn render_table(events: &[Event], explain: bool) -> String {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(160);
    table.set_header(vec!["date", "source", "target", "cameo", "action", "modality", "n", "doc:sentence"]);
    for e in events {
        let mut action = e.action.text.clone();
        if explain {
            if let Some(x) = &e.explain {
                action.push_str(&format!("\npattern {}", x.pattern));
                if let Some(g) = &x.governor {
                    action.push_str(&format!("\ngoverned by {g}"));
                }
                if let Some(s) = &x.source_entry {
                    action.push_str(&format!("\nsource {s} [{}]", x.source_rule.as_deref().unwrap_or("")));
                }
                if let Some(t) = &x.target_entry {
                    action.push_str(&format!("\ntarget {t} [{}]", x.target_rule.as_deref().unwrap_or("")));
                }
                if let Some(c) = &x.modality_cue {
                    action.push_str(&format!("\nmodality cue {c:?}"));
                }
                if let Some(p) = &x.parse {
                    action.push_str(&format!("\nparse {p}"));
                }
            }
        }
        table.add_row(vec![
            e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            actor_cell(&e.source),
            actor_cell(&e.target),
            format!("{} q{} {:+}", e.cameo, e.quad_class, e.goldstein),
            action,
            e.modality.as_str().to_string(),
            e.mentions.to_string(),
            format!("{}:{}", e.doc_id, e.sentence_index),
        ]);
    }
    table.to_string()
}
