//! Reading event records (mentions grouped across documents) and their
//! mentions. The records themselves are kept by triggers
//! (`schema/records.sql`); docs/records.md explains the model.

use rusqlite::{params, Row};
use serde::Serialize;

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
    pub sentence: Option<String>,
    pub action_text: String,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    pub seen: String,
    pub mentions: i64,
}

/// Which records to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub min_sources: Option<i64>,
    pub min_articles: Option<i64>,
}

const RECORD_COLUMNS: &str = "r.id, r.date, r.source_code, r.target_code, r.cameo, r.modality, r.num_mentions, r.num_articles, r.num_sources,
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
        num_mentions: r.get(6)?,
        num_articles: r.get(7)?,
        num_sources: r.get(8)?,
        num_stories: r.get(9)?,
        first_seen: r.get(10)?,
        last_seen: r.get(11)?,
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
            "SELECT e.id, d.doc_id, d.url, a.outlet, s.story, e.sentence_index, t.text, e.action_text, e.source_name, e.target_name, a.seen, e.mentions
             FROM event_mentions m JOIN events e ON e.id = m.event JOIN documents d ON d.id = e.doc
             JOIN record_articles a ON a.record = m.record AND a.doc = e.doc
             LEFT JOIN document_stories s ON s.doc = e.doc
             LEFT JOIN sentences t ON t.doc = e.doc AND t.idx = e.sentence_index
             WHERE m.record = ? ORDER BY d.id, e.sentence_index",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Mention {
                event_id: r.get(0)?,
                doc_id: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                story: r.get(4)?,
                sentence_index: r.get(5)?,
                sentence: r.get(6)?,
                action_text: r.get(7)?,
                source_name: r.get(8)?,
                target_name: r.get(9)?,
                seen: r.get(10)?,
                mentions: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many story clusters the stored documents form.
    pub fn story_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(DISTINCT story) FROM document_stories", [], |r| r.get(0))?)
    }
}
