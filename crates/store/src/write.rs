//! Writing coded documents. One [`Writer`] per process writes; SQLite
//! serialises writers of different processes (a busy writer waits).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dyad::event::{ActorRef, Event};
use dyad::{Coder, Document};
use dyad_events::cameo::CameoTable;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::StoreError;

/// A sentence of a document, in character offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceRow {
    pub start: usize,
    pub end: usize,
    pub headline: bool,
    pub text: String,
}

/// A document with everything that is stored about it, ready to write.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub doc: Document,
    pub hash: String,
    pub sentences: Vec<SentenceRow>,
    pub events: Vec<Event>,
    /// Actor codes mentioned in the document, with how often.
    pub mentions: BTreeMap<String, u32>,
}

impl Prepared {
    /// Codes `doc`.
    pub fn code(coder: &Coder, doc: Document) -> Prepared {
        let events = coder.code(&doc);
        let codes = coder.actor_codes(&doc);
        Prepared::new(doc, events, codes)
    }

    /// A document with events coded elsewhere (or made up, for fixtures).
    pub fn new(doc: Document, events: Vec<Event>, actor_codes: Vec<String>) -> Prepared {
        let mut sentences = Vec::new();
        // Sentences come in text order, so character offsets are counted
        // on from the previous sentence instead of from the start.
        let (mut byte, mut char) = (0, 0);
        for s in dyad::coder::sentences(&doc.text) {
            char += doc.text[byte..s.start].chars().count();
            let text = &doc.text[s.start..s.end];
            let len = text.chars().count();
            sentences.push(SentenceRow { start: char, end: char + len, headline: s.headline, text: text.to_string() });
            (byte, char) = (s.end, char + len);
        }
        let mut mentions = BTreeMap::new();
        for code in actor_codes {
            *mentions.entry(code).or_insert(0) += 1;
        }
        Prepared { hash: content_hash(&doc), doc, sentences, events, mentions }
    }
}

/// SHA-256 (hex) of everything read for a document except its id: two
/// documents with the same hash code to the same events.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    let date = doc.date.map(|d| d.to_string());
    for field in [date.as_deref(), doc.title.as_deref(), doc.url.as_deref(), doc.source.as_deref(), Some(doc.text.as_str())] {
        // A tag and a length before each field: no two different documents
        // serialise to the same bytes.
        match field {
            Some(v) => {
                h.update([1]);
                h.update((v.len() as u64).to_le_bytes());
                h.update(v.as_bytes());
            }
            None => h.update([0]),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What writing a document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new document.
    Stored,
    /// The id was stored with other content (or re-coding was asked for):
    /// its sentences and events were replaced.
    Replaced,
    /// The id is stored with the same content: nothing changed.
    Unchanged,
    /// The same content is stored under another id (given): nothing
    /// changed.
    Duplicate(String),
}

/// The write connection.
pub struct Writer {
    conn: Connection,
    path: PathBuf,
}

/// The version written next to each document, so a store says which coder
/// produced its events.
const CODER: &str = concat!("dyad ", env!("CARGO_PKG_VERSION"));

impl Writer {
    /// Opens (creating and migrating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Writer, StoreError> {
        let conn = crate::connect(path, true)?;
        // Index inserts land all over a large file; a bigger page cache
        // keeps them from re-reading the same index pages.
        conn.pragma_update(None, "cache_size", -64 * 1024)?;
        Ok(Writer { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What [`Batch::write`] would do with a document, without writing:
    /// lets an ingest skip coding what is already stored.
    pub fn status(&self, doc_id: &str, hash: &str) -> Result<Outcome, StoreError> {
        Ok(status(&self.conn, doc_id, hash)?)
    }

    /// Starts a transaction that takes the write lock at once, so a batch
    /// never fails half-way on a lock held by another process.
    pub fn begin(&mut self) -> Result<Batch<'_>, StoreError> {
        Ok(Batch { tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)? })
    }

    /// Replaces the stored CAMEO table with the coder's.
    pub fn sync_cameo(&mut self, table: &CameoTable) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM cameo", [])?;
        {
            let mut insert = tx.prepare("INSERT INTO cameo (code, root, name, quad_class, goldstein) VALUES (?, ?, ?, ?, ?)")?;
            let mut roots = std::collections::BTreeSet::new();
            for info in table.event_codes() {
                roots.insert(info.root.clone());
                insert.execute(params![info.code, info.root, info.name, info.quad_class, info.goldstein])?;
            }
            for info in roots.iter().filter_map(|r| table.get(r)) {
                insert.execute(params![info.code, info.root, info.name, info.quad_class, info.goldstein])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Lets SQLite refresh the planner statistics the indexes rely on.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA optimize")?;
        Ok(())
    }

    /// Gathers planner statistics over everything (after a bulk load).
    pub fn analyze(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        Ok(())
    }
}

fn status(conn: &Connection, doc_id: &str, hash: &str) -> rusqlite::Result<Outcome> {
    let stored: Option<String> =
        conn.prepare_cached("SELECT content_hash FROM documents WHERE doc_id = ?")?.query_row([doc_id], |r| r.get(0)).optional()?;
    Ok(match stored {
        Some(h) if h == hash => Outcome::Unchanged,
        Some(_) => Outcome::Replaced,
        None => match conn
            .prepare_cached("SELECT doc_id FROM documents WHERE content_hash = ? LIMIT 1")?
            .query_row([hash], |r| r.get(0))
            .optional()?
        {
            Some(other) => Outcome::Duplicate(other),
            None => Outcome::Stored,
        },
    })
}

/// An open write transaction; dropping it uncommitted rolls it back.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Writes one document. `recode` replaces the events of an unchanged
    /// document too (after the dictionaries changed).
    pub fn write(&mut self, p: &Prepared, recode: bool) -> Result<Outcome, StoreError> {
        let tx = &self.tx;
        let outcome = match status(tx, &p.doc.id, &p.hash)? {
            Outcome::Unchanged if recode => Outcome::Replaced,
            o => o,
        };
        match outcome {
            Outcome::Unchanged | Outcome::Duplicate(_) => return Ok(outcome),
            Outcome::Replaced => {
                let id: i64 = tx.query_row("SELECT id FROM documents WHERE doc_id = ?", [&p.doc.id], |r| r.get(0))?;
                for table in ["events", "sentences", "mentions"] {
                    tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?"))?.execute([id])?;
                }
            }
            Outcome::Stored => {}
        }
        // One statement stores a new document or a new version of one; its
        // row id stays the same across versions.
        let doc: i64 = tx
            .prepare_cached(
                "INSERT INTO documents (doc_id, content_hash, date, title, url, source, text, sentences, events, coder, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash, date = excluded.date,
                     title = excluded.title, url = excluded.url, source = excluded.source, text = excluded.text,
                     sentences = excluded.sentences, events = excluded.events, coder = excluded.coder,
                     ingested_at = excluded.ingested_at
                 RETURNING id",
            )?
            .query_row(
                params![
                    p.doc.id,
                    p.hash,
                    p.doc.date.map(|d| d.to_string()),
                    p.doc.title,
                    p.doc.url,
                    p.doc.source,
                    p.doc.text,
                    p.sentences.len(),
                    p.events.len(),
                    CODER,
                    now()
                ],
                |r| r.get(0),
            )?;
        self.children(doc, p)?;
        crate::stories::assign_story(&self.tx, doc, &p.doc.text)?;
        Ok(outcome)
    }

    fn children(&self, doc: i64, p: &Prepared) -> rusqlite::Result<()> {
        let tx = &self.tx;
        let mut sentence = tx.prepare_cached("INSERT INTO sentences (doc, idx, start, end, headline, text) VALUES (?, ?, ?, ?, ?, ?)")?;
        for (i, s) in p.sentences.iter().enumerate() {
            sentence.execute(params![doc, i, s.start, s.end, s.headline, s.text])?;
        }
        let mut mention = tx.prepare_cached("INSERT INTO mentions (doc, code, count) VALUES (?, ?, ?)")?;
        for (code, n) in &p.mentions {
            mention.execute(params![doc, code, n])?;
        }
        let mut event = tx.prepare_cached(INSERT_EVENT)?;
        let mut actor = tx.prepare_cached("INSERT OR IGNORE INTO actors (code, name, country, sector) VALUES (?, ?, ?, ?)")?;
        for e in &p.events {
            let speaker = e.quote.as_ref().and_then(|q| q.speaker.as_ref());
            let (s, t, k) = (ActorCols::of(e.source.as_ref()), ActorCols::of(e.target.as_ref()), ActorCols::of(speaker));
            let plover = e.plover.as_ref();
            event.execute(params![
                doc,
                e.sentence_index,
                e.date.map(|d| d.to_string()),
                precision_str(e.date_precision),
                s.code,
                s.country,
                s.sector,
                s.name,
                s.text,
                s.start,
                s.end,
                t.code,
                t.country,
                t.sector,
                t.name,
                t.text,
                t.start,
                t.end,
                e.cameo,
                e.root,
                e.quad_class,
                e.goldstein,
                plover.map(|p| &p.kind),
                plover.and_then(|p| p.mode.as_ref()),
                plover.and_then(|p| p.context.as_ref()),
                e.action.text,
                e.action.start,
                e.action.end,
                e.modality.as_str(),
                e.quote.as_ref().map(|q| &q.text),
                k.code,
                k.country,
                k.sector,
                k.name,
                k.text,
                k.start,
                k.end,
                e.mentions,
                e.headline,
            ])?;
            for a in [e.source.as_ref(), e.target.as_ref(), speaker].into_iter().flatten() {
                actor.execute(params![a.code, a.name, a.country, a.sector])?;
            }
        }
        Ok(())
    }

    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit()?;
        Ok(())
    }
}

const INSERT_EVENT: &str = "INSERT INTO events (
    doc, sentence_index, date, date_precision,
    source_code, source_country, source_sector, source_name, source_text, source_start, source_end,
    target_code, target_country, target_sector, target_name, target_text, target_start, target_end,
    cameo, root, quad_class, goldstein, plover_type, plover_mode, plover_context,
    action_text, action_start, action_end, modality, quote_text,
    speaker_code, speaker_country, speaker_sector, speaker_name, speaker_text, speaker_start, speaker_end,
    mentions, headline
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// The seven columns of an optional actor.
struct ActorCols<'a> {
    code: Option<&'a str>,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    name: Option<&'a str>,
    text: Option<&'a str>,
    start: Option<usize>,
    end: Option<usize>,
}

impl<'a> ActorCols<'a> {
    fn of(a: Option<&'a ActorRef>) -> ActorCols<'a> {
        ActorCols {
            code: a.map(|a| &*a.code),
            country: a.and_then(|a| a.country.as_deref()),
            sector: a.and_then(|a| a.sector.as_deref()),
            name: a.map(|a| &*a.name),
            text: a.map(|a| a.text.as_str()),
            start: a.map(|a| a.start),
            end: a.map(|a| a.end),
        }
    }
}

pub(crate) fn precision_str(p: dyad_events::dates::Precision) -> &'static str {
    use dyad_events::dates::Precision;
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Document => "document",
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
