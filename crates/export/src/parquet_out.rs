//! Parquet: the records and their mentions as two tables, each split into
//! one file per month of the event date (`events/month=2025-09/part-0.parquet`,
//! hive-style, which DuckDB, pandas and Spark read as a partition column).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use dyad_store::{EventRecord, Mention};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// One value of a table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(Option<i64>),
    Float(f64),
    Text(Option<String>),
}

/// A table being filled, partitioned by month.
pub struct Table {
    name: &'static str,
    columns: Vec<(&'static str, DataType)>,
    months: BTreeMap<String, Vec<Vec<Cell>>>,
}

impl Table {
    fn new(name: &'static str, columns: Vec<(&'static str, DataType)>) -> Table {
        Table { name, columns, months: BTreeMap::new() }
    }

    fn push(&mut self, month: &str, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.months.entry(month.to_string()).or_default().push(row);
    }

    /// Writes one file per month under `dir/<name>/month=<m>/`; returns the
    /// files written.
    fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let schema = Arc::new(Schema::new(self.columns.iter().map(|(n, t)| Field::new(*n, t.clone(), true)).collect::<Vec<_>>()));
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let mut written = Vec::new();
        for (month, rows) in &self.months {
            let part = dir.join(self.name).join(format!("month={month}"));
            std::fs::create_dir_all(&part).map_err(|e| format!("{}: cannot create: {e}", part.display()))?;
            let path = part.join("part-0.parquet");
            let arrays: Vec<ArrayRef> = (0..self.columns.len()).map(|c| column_array(&self.columns[c].1, rows, c)).collect();
            let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = File::create(&path).map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
            let mut writer =
                ArrowWriter::try_new(file, schema.clone(), Some(props.clone())).map_err(|e| format!("{}: {e}", path.display()))?;
            writer.write(&batch).map_err(|e| format!("{}: {e}", path.display()))?;
            writer.close().map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }
}

fn column_array(kind: &DataType, rows: &[Vec<Cell>], c: usize) -> ArrayRef {
    match kind {
        DataType::Int64 => {
            let mut b = Int64Builder::with_capacity(rows.len());
            rows.iter().for_each(|r| b.append_option(if let Cell::Int(v) = &r[c] { *v } else { None }));
            Arc::new(b.finish())
        }
        DataType::Float64 => {
            let mut b = Float64Builder::with_capacity(rows.len());
            rows.iter().for_each(|r| b.append_option(if let Cell::Float(v) = &r[c] { Some(*v) } else { None }));
            Arc::new(b.finish())
        }
        _ => {
            let mut b = StringBuilder::new();
            rows.iter().for_each(|r| b.append_option(if let Cell::Text(v) = &r[c] { v.as_deref() } else { None }));
            Arc::new(b.finish())
        }
    }
}

/// The events (records) and mentions tables.
pub struct ParquetExport {
    events: Table,
    mentions: Table,
}

impl Default for ParquetExport {
    fn default() -> Self {
        use DataType::{Float64 as F, Int64 as I, Utf8 as S};
        ParquetExport {
            events: Table::new(
                "events",
                vec![
                    ("id", I),
                    ("date", S),
                    ("source_code", S),
                    ("source_name", S),
                    ("target_code", S),
                    ("target_name", S),
                    ("cameo", S),
                    ("root", S),
                    ("quad_class", I),
                    ("goldstein", F),
                    ("plover_type", S),
                    ("modality", S),
                    ("num_mentions", I),
                    ("num_articles", I),
                    ("num_sources", I),
                    ("num_stories", I),
                    ("first_seen", S),
                    ("last_seen", S),
                    ("source_url", S),
                ],
            ),
            mentions: Table::new(
                "mentions",
                vec![
                    ("record_id", I),
                    ("event_id", I),
                    ("date", S),
                    ("doc_id", S),
                    ("url", S),
                    ("outlet", S),
                    ("story", I),
                    ("sentence_index", I),
                    ("sentence", S),
                    ("source_name", S),
                    ("target_name", S),
                    ("action_text", S),
                    ("seen", S),
                ],
            ),
        }
    }
}

fn text(s: &Option<String>) -> Cell {
    Cell::Text(s.clone())
}

impl ParquetExport {
    /// Adds a record and its mentions.
    pub fn add(&mut self, r: &EventRecord, mentions: &[Mention]) {
        let month = r.date.as_deref().and_then(|d| d.get(..7)).unwrap_or("unknown").to_string();
        let first = mentions.first();
        let name = |f: fn(&Mention) -> &Option<String>| Cell::Text(first.and_then(|m| f(m).clone()));
        self.events.push(
            &month,
            vec![
                Cell::Int(Some(r.id)),
                text(&r.date),
                text(&r.source_code),
                name(|m| &m.source.name),
                text(&r.target_code),
                name(|m| &m.target.name),
                Cell::Text(Some(r.cameo.clone())),
                Cell::Text(first.map(|m| m.root.clone())),
                Cell::Int(first.map(|m| m.quad_class)),
                Cell::Float(first.map_or(0.0, |m| m.goldstein)),
                name(|m| &m.plover_type),
                Cell::Text(Some(r.modality.clone())),
                Cell::Int(Some(r.num_mentions)),
                Cell::Int(Some(r.num_articles)),
                Cell::Int(Some(r.num_sources)),
                Cell::Int(Some(r.num_stories)),
                Cell::Text(Some(r.first_seen.clone())),
                Cell::Text(Some(r.last_seen.clone())),
                name(|m| &m.url),
            ],
        );
        for m in mentions {
            self.mentions.push(
                &month,
                vec![
                    Cell::Int(Some(r.id)),
                    Cell::Int(Some(m.event_id)),
                    text(&r.date),
                    Cell::Text(Some(m.doc_id.clone())),
                    text(&m.url),
                    Cell::Text(Some(m.outlet.clone())),
                    Cell::Int(m.story),
                    Cell::Int(Some(m.sentence_index)),
                    text(&m.sentence),
                    text(&m.source.name),
                    text(&m.target.name),
                    Cell::Text(Some(m.action_text.clone())),
                    Cell::Text(Some(m.seen.clone())),
                ],
            );
        }
    }

    /// Writes both tables under `dir`.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let mut files = self.events.write(dir)?;
        files.extend(self.mentions.write(dir)?);
        Ok(files)
    }
}
