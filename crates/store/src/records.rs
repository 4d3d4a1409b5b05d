//! Reading event records (mentions grouped across documents) and their
//! mentions. The records themselves are kept by triggers
//! (`schema/v4.sql`, keyed on locations since `schema/v5-record-locations.sql`,
//! each event naming its record since `schema/v6-compact.sql`); docs/records.md explains the model.

use rusqlite::{params, Row};
use serde::Serialize;

use crate::filter::ParamError;
use crate::read::Reader;
use crate::StoreError;

/// One event record: the mentions of one act on one day by one source
/// against one target, across every stored document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: i64,
    pub date: Option<String>,
    pub source_code: Option<String>,
    pub target_code: Option<String>,
    pub cameo: String,
    pub modality: String,
    /// The place of the record's mentions: the gazetteer's name with its
    /// GeoNames id (`Kyiv #703448`), the name alone for a sea or region,
    /// `None` for mentions without a location.
    pub location: Option<String>,
    pub num_mentions: i64,
    pub num_articles: i64,
    pub num_sources: i64,
    /// Distinct near-duplicate clusters among the record's articles: 30
    /// outlets repeating one wire story are 1 story.
    pub num_stories: i64,
    pub first_seen: String,
    pub last_seen: String,
}

/// One mention of a record: an event as coded in one sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    pub event_id: i64,
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: String,
    pub story: Option<i64>,
    pub sentence_index: i64,
    pub headline: bool,
    pub sentence: Option<String>,
    pub source: MentionActor,
    pub target: MentionActor,
    pub action_text: String,
    /// Character offset of the act in the document text.
    pub action_start: i64,
    pub root: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    /// Length of the document text in characters.
    pub doc_chars: i64,
    pub seen: String,
    pub mentions: i64,
}

/// An actor as one mention names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MentionActor {
    pub name: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// The words in the text; empty when the actor is implied.
    pub text: Option<String>,
    /// Character offset in the document text.
    pub start: Option<i64>,
}

/// Which records to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// Event dates, YYYY-MM-DD, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    pub min_sources: Option<i64>,
    pub min_articles: Option<i64>,
}

impl RecordFilter {
    /// The parameters [`RecordFilter::set`] accepts.
    pub const PARAMS: [&'static str; 4] = ["since", "until", "min_sources", "min_articles"];

    /// Sets one filter from a query parameter or command-line value; the
    /// error names the parameter.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ParamError> {
        let day = |v: &str| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(|d| d.to_string())
                .map_err(|_| ParamError::new(name, format!("expected a date YYYY-MM-DD, got {v:?}")))
        };
        let count = |v: &str| {
            v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| ParamError::new(name, format!("expected a whole number, got {v:?}")))
        };
        match name {
            "since" => self.since = Some(day(value)?),
            "until" => self.until = Some(day(value)?),
            "min_sources" => self.min_sources = Some(count(value)?),
            "min_articles" => self.min_articles = Some(count(value)?),
            _ => return Err(ParamError::new(name, format!("unknown parameter (accepted here: {})", Self::PARAMS.join(", ")))),
        }
        Ok(())
    }
}

const RECORD_COLUMNS: &str = "r.id, r.date, r.source_code, r.target_code, r.cameo, r.modality, r.location, r.num_mentions, r.num_articles, r.num_sources,
    (SELECT count(DISTINCT coalesce(s.story, -a.doc)) FROM record_articles a LEFT JOIN document_stories s ON s.doc = a.doc WHERE a.record = r.id),
    r.first_seen, r.last_seen";

fn record_of_row(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { Ok(r.get::<_, String>(i).ok().filter(|s| !s.is_empty())) };
    Ok(EventRecord {
        id: r.get(0)?,
        date: text(1)?,
        source_code: text(2)?,
        target_code: text(3)?,
        cameo: r.get(4)?,
        modality: r.get(5)?,
        location: text(6)?,
        num_mentions: r.get(7)?,
        num_articles: r.get(8)?,
        num_sources: r.get(9)?,
        num_stories: r.get(10)?,
        first_seen: r.get(11)?,
        last_seen: r.get(12)?,
    })
}

impl Reader {
    /// Records matching `f`, in id order after `after` (a page cursor),
    /// at most `limit`.
    pub fn records(&self, f: &RecordFilter, after: i64, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM event_records r
             WHERE r.id > ?1 AND (?2 IS NULL OR r.date >= ?2) AND (?3 IS NULL OR (r.date <> '' AND r.date <= ?3))
               AND r.num_sources >= coalesce(?4, 0) AND r.num_articles >= coalesce(?5, 0)
             ORDER BY r.id LIMIT ?6"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![after, f.since, f.until, f.min_sources, f.min_articles, limit as i64], record_of_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One record by id.
    pub fn record(&self, id: i64) -> Result<Option<EventRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {RECORD_COLUMNS} FROM event_records r WHERE r.id = ?"))?;
        let mut rows = stmt.query_map([id], record_of_row)?;
        Ok(rows.next().transpose()?)
    }

    /// The mentions of record `id`, oldest document first.
    pub fn record_mentions(&self, id: i64) -> Result<Vec<Mention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, d.doc_id, d.url, a.outlet, s.story, e.sentence_index, e.headline, e.sentence,
                    e.source_name, e.source_country, e.source_sector, e.source_text, e.source_start,
                    e.target_name, e.target_country, e.target_sector, e.target_text, e.target_start,
                    e.action_text, e.action_start, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
                    ifnull((SELECT max(t.end) FROM sentences t WHERE t.doc = d.id), 0) + length(d.tail), a.seen, e.mentions
             FROM event_records k
             -- The record's key gives the indexed columns of its events
             -- (day, heads, dyad), so that SQLite reads the events of the
             -- record's actor or dyad on its day, not all of that day.
             JOIN events m ON m.record = k.id AND m.day IS CAST(julianday(nullif(k.date, '')) - 2440587.5 AS INTEGER)
                 AND m.source_head IS substr(nullif(k.source_code, ''), 1, 3) AND m.target_head IS substr(nullif(k.target_code, ''), 1, 3)
                 AND m.dyad_a IS min(substr(nullif(k.source_code, ''), 1, 3), substr(nullif(k.target_code, ''), 1, 3))
                 AND m.dyad_b IS max(substr(nullif(k.source_code, ''), 1, 3), substr(nullif(k.target_code, ''), 1, 3))
             JOIN event_rows e ON e.id = m.id JOIN documents d ON d.id = e.doc
             JOIN document_outlets a ON a.doc = e.doc
             LEFT JOIN document_stories s ON s.doc = e.doc
             WHERE k.id = ? ORDER BY d.id, e.sentence_index",
        )?;
        let rows = stmt.query_map([id], |r| {
            let actor = |at: usize| -> rusqlite::Result<MentionActor> {
                Ok(MentionActor {
                    name: r.get(at)?,
                    country: r.get(at + 1)?,
                    sector: r.get(at + 2)?,
                    text: r.get(at + 3)?,
                    start: r.get(at + 4)?,
                })
            };
            Ok(Mention {
                event_id: r.get(0)?,
                doc_id: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                story: r.get(4)?,
                sentence_index: r.get(5)?,
                headline: r.get(6)?,
                sentence: r.get(7)?,
                source: actor(8)?,
                target: actor(13)?,
                action_text: r.get(18)?,
                action_start: r.get(19)?,
                root: r.get(20)?,
                quad_class: r.get(21)?,
                goldstein: r.get(22)?,
                plover_type: r.get(23)?,
                plover_mode: r.get(24)?,
                plover_context: r.get(25)?,
                doc_chars: r.get(26)?,
                seen: r.get(27)?,
                mentions: r.get(28)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a document with this id is stored.
    pub fn has_document(&self, doc_id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM documents WHERE doc_id = ?")?.exists([doc_id])?)
    }

    /// How many story clusters the stored documents form.
    pub fn story_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(DISTINCT story) FROM document_stories", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_parameters_are_checked_and_named() {
        let mut f = RecordFilter::default();
        f.set("since", "2025-01-02").unwrap();
        f.set("min_sources", "3").unwrap();
        assert_eq!((f.since.as_deref(), f.min_sources), (Some("2025-01-02"), Some(3)));
        assert_eq!(f.set("until", "yesterday").unwrap_err().name, "until");
        assert_eq!(f.set("min_articles", "-1").unwrap_err().name, "min_articles");
        assert!(f.set("colour", "red").unwrap_err().message.starts_with("unknown parameter"));
    }
}
