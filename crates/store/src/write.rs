//! Writing coded documents. One [`Writer`] per process writes; SQLite
//! serialises writers of different processes (a busy writer waits).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dyad::event::{ActorRef, Event, Location, Modality};
use dyad::guard::guarded;
use dyad::{CodeError, Coder, Document};
use dyad_events::cameo::{CameoTable, Plover};
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
    /// The document's text between the previous sentence (or the start)
    /// and this one: with the sentences and [`Prepared::tail`] it makes up
    /// the whole text, which is not stored a second time.
    pub gap: String,
}

impl SentenceRow {
    /// The sentence's text between two character offsets into the
    /// document, when both lie within the sentence.
    fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start < self.start || end > self.end || start > end {
            return None;
        }
        let byte = |char: usize| self.text.char_indices().nth(char - self.start).map_or(self.text.len(), |(b, _)| b);
        Some(&self.text[byte(start)..byte(end)])
    }

    /// Character offsets into the document of the first occurrence of
    /// `part` in the sentence.
    fn find(&self, part: &str) -> Option<(usize, usize)> {
        let at = self.text.find(part)?;
        let start = self.start + self.text[..at].chars().count();
        Some((start, start + part.chars().count()))
    }
}

/// A document with everything that is stored about it, ready to write.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub doc: Document,
    pub hash: String,
    pub sentences: Vec<SentenceRow>,
    /// The text after the last sentence.
    pub tail: String,
    pub events: Vec<Event>,
    /// Actor codes mentioned in the document, with how often.
    pub mentions: BTreeMap<String, u32>,
    /// The story-cluster signature, computed with the coding (on every
    /// core) rather than in the one writer thread.
    pub signature: Vec<u64>,
}

impl Prepared {
    /// Codes `doc` inside a panic guard: a panic costs this document only.
    pub fn code(coder: &Coder, doc: Document) -> Result<Prepared, CodeError> {
        let (events, codes) = guarded(&doc, || (coder.code(&doc), coder.actor_codes(&doc)))?;
        Ok(Prepared::new(doc, events, codes))
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
            let gap = doc.text[byte..s.start].to_string();
            sentences.push(SentenceRow { start: char, end: char + len, headline: s.headline, text: text.to_string(), gap });
            (byte, char) = (s.end, char + len);
        }
        let tail = doc.text[byte..].to_string();
        let mut mentions = BTreeMap::new();
        for code in actor_codes {
            *mentions.entry(code).or_insert(0) += 1;
        }
        Prepared { hash: content_hash(&doc), signature: crate::stories::signature(&doc.text), doc, sentences, tail, events, mentions }
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
        // Writing a document runs about twenty distinct statements
        // (documents, sentences, events, locations, records, stories);
        // rusqlite keeps 16 prepared by default, and a statement pushed out
        // is parsed and planned again for every event.
        conn.set_prepared_statement_cache_capacity(64);
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
        Ok(Batch {
            tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            actors: HashMap::new(),
            plovers: Ids::default(),
            places: Ids::default(),
            first_sentence: None,
        })
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
    /// `actors.id` of every actor written or looked up in this batch (not
    /// kept beyond it, so a rolled-back batch leaves no stale ids).
    actors: HashMap<ActorKey, i64>,
    /// `plover_kinds.id` and `places.id` by key, the same way. (Records
    /// are not cached: a replaced document can delete one in the batch.)
    plovers: Ids<(String, Option<String>, Option<String>)>,
    places: Ids<String>,
    /// The id of the first sentence written in this batch: it and every
    /// later one go into the full-text index at commit.
    first_sentence: Option<i64>,
}

/// What tells two actors apart: code, name, country, sector.
type ActorKey = (Arc<str>, Arc<str>, Option<Arc<str>>, Option<Arc<str>>);

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
                tx.prepare_cached("DELETE FROM events WHERE sentence IN (SELECT id FROM sentences WHERE doc = ?)")?.execute([id])?;
                // Sentences of this batch are not indexed yet.
                tx.prepare_cached(
                    "INSERT INTO sentences_fts (sentences_fts, rowid, text) SELECT 'delete', id, text FROM sentences WHERE doc = ?1 AND id < ?2",
                )?
                .execute(params![id, self.first_sentence.unwrap_or(i64::MAX)])?;
                for table in ["sentences", "mentions"] {
                    tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?"))?.execute([id])?;
                }
            }
            Outcome::Stored => {}
        }
        // One statement stores a new document or a new version of one; its
        // row id stays the same across versions.
        let doc: i64 = tx
            .prepare_cached(
                "INSERT INTO documents (doc_id, content_hash, date, title, url, source, tail, sentences, events, coder, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash, date = excluded.date,
                     title = excluded.title, url = excluded.url, source = excluded.source, tail = excluded.tail,
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
                    p.tail,
                    p.sentences.len(),
                    p.events.len(),
                    CODER,
                    now()
                ],
                |r| r.get(0),
            )?;
        self.children(doc, p)?;
        crate::stories::assign_story(&self.tx, doc, &p.signature)?;
        Ok(outcome)
    }

    fn children(&mut self, doc: i64, p: &Prepared) -> Result<(), StoreError> {
        let mut ids = Vec::with_capacity(p.sentences.len());
        {
            let mut sentence =
                self.tx.prepare_cached("INSERT INTO sentences (doc, idx, start, end, headline, text, gap) VALUES (?, ?, ?, ?, ?, ?, ?)")?;
            for (i, s) in p.sentences.iter().enumerate() {
                sentence.execute(params![doc, i, s.start, s.end, s.headline, s.text, s.gap])?;
                ids.push(self.tx.last_insert_rowid());
            }
            self.first_sentence = self.first_sentence.or(ids.first().copied());
            let mut mention = self.tx.prepare_cached("INSERT INTO mentions (doc, code, count) VALUES (?, ?, ?)")?;
            for (code, n) in &p.mentions {
                mention.execute(params![doc, code, n])?;
            }
        }
        for e in &p.events {
            let (Some(&sentence), Some(row)) = (ids.get(e.sentence_index), p.sentences.get(e.sentence_index)) else {
                return Err(StoreError::NoSentence { doc_id: p.doc.id.clone(), index: e.sentence_index });
            };
            let speaker = e.quote.as_ref().and_then(|q| q.speaker.as_ref());
            let s = ActorCols::of(self.actor_id(e.source.as_ref())?, e.source.as_ref(), row);
            let t = ActorCols::of(self.actor_id(e.target.as_ref())?, e.target.as_ref(), row);
            let k = ActorCols::of(self.actor_id(speaker)?, speaker, row);
            let quote = e.quote.as_ref().map(|q| (row.find(&q.text), q.text.as_str()));
            let quote_at = quote.and_then(|(at, _)| at);
            let quote_text = quote.and_then(|(at, text)| at.is_none().then_some(text));
            let plover = e.plover.as_ref().map(|p| self.plovers.get_or(plover_key(p), || plover_id(&self.tx, p))).transpose()?;
            let record = record_of(&self.tx, e, (s.code, t.code))?;
            self.tx.prepare_cached(INSERT_EVENT)?.execute(params![
                sentence,
                record,
                e.date.map(days_since_epoch),
                precision_id(e.date_precision),
                s.code,
                s.actor,
                s.start,
                s.end,
                s.text,
                t.code,
                t.actor,
                t.start,
                t.end,
                t.text,
                e.cameo,
                e.quad_class,
                e.goldstein,
                plover,
                e.action.start,
                e.action.end,
                unless_slice(row, e.action.start, e.action.end, &e.action.text),
                modality_id(e.modality),
                quote_at.map(|(start, _)| start),
                quote_at.map(|(_, end)| end),
                quote_text,
                k.code,
                k.actor,
                k.start,
                k.end,
                k.text,
                e.mentions,
                e.headline,
            ])?;
            let event = self.tx.last_insert_rowid();
            if let Some(l) = &e.location {
                let place = self.places.get_or(place_key(l), || place_id(&self.tx, l))?;
                insert_location(&self.tx, event, place, row, l)?;
            }
        }
        Ok(())
    }

    /// `actors.id` of an actor, adding it to the table when new.
    fn actor_id(&mut self, actor: Option<&ActorRef>) -> rusqlite::Result<Option<i64>> {
        let Some(a) = actor else { return Ok(None) };
        // An empty country or sector is no country or sector: the key
        // index cannot tell them apart.
        let known = |v: &Option<Arc<str>>| v.clone().filter(|v| !v.is_empty());
        let key: ActorKey = (a.code.clone(), a.name.clone(), known(&a.country), known(&a.sector));
        if let Some(&id) = self.actors.get(&key) {
            return Ok(Some(id));
        }
        let values = params![&*key.0, &*key.1, key.2.as_deref(), key.3.as_deref()];
        self.tx
            .prepare_cached("INSERT INTO actors (code, name, country, sector) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")?
            .execute(values)?;
        let id = self
            .tx
            .prepare_cached("SELECT id FROM actors WHERE code = ? AND name = ? AND ifnull(country, '') = ifnull(?, '') AND ifnull(sector, '') = ifnull(?, '')")?
            .query_row(values, |r| r.get(0))?;
        self.actors.insert(key, id);
        Ok(Some(id))
    }

    pub fn commit(self) -> Result<(), StoreError> {
        if let Some(first) = self.first_sentence {
            self.tx.execute("INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE id >= ?", [first])?;
        }
        self.tx.commit()?;
        Ok(())
    }
}

const INSERT_EVENT: &str = "INSERT INTO events (
    sentence, record, day, precision_id,
    source_code, source_actor, source_start, source_end, source_text,
    target_code, target_actor, target_start, target_end, target_text,
    cameo, quad_class, goldstein, plover,
    action_start, action_end, action_text, modality_id, quote_start, quote_end, quote_text,
    speaker_code, speaker_actor, speaker_start, speaker_end, speaker_text,
    mentions, headline
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Row ids of a batch by key, looked up in the file once per batch.
struct Ids<K>(HashMap<K, i64>);

impl<K> Default for Ids<K> {
    fn default() -> Self {
        Ids(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> Ids<K> {
    fn get_or(&mut self, key: K, look_up: impl FnOnce() -> rusqlite::Result<i64>) -> rusqlite::Result<i64> {
        if let Some(&id) = self.0.get(&key) {
            return Ok(id);
        }
        let id = look_up()?;
        self.0.insert(key, id);
        Ok(id)
    }
}

fn plover_key(p: &Plover) -> (String, Option<String>, Option<String>) {
    (p.kind.clone(), p.mode.clone(), p.context.clone())
}

/// Every field of a place, as one string (the floats in their exact
/// shortest form).
fn place_key(l: &Location) -> String {
    format!("{}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}\0{}\0{}", l.name, l.geonames_id, l.country, l.adm1, l.lat, l.lon, l.feature, l.precision)
}

/// `plover_kinds.id` of an event's PLOVER category, adding it when new.
fn plover_id(tx: &Transaction, p: &Plover) -> rusqlite::Result<i64> {
    let key = params![p.kind, p.mode, p.context];
    tx.prepare_cached("INSERT INTO plover_kinds (type, mode, context) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")?.execute(key)?;
    // The expressions of the key's index, so that the look-up reads it.
    tx.prepare_cached(
        "SELECT id FROM plover_kinds WHERE type = ? AND ifnull(mode, '') = ifnull(?, '') AND ifnull(context, '') = ifnull(?, '')",
    )?
    .query_row(key, |r| r.get(0))
}

/// An event's location: its place (shared with every event located
/// there), and its text only when it is not the event sentence's text at
/// its offsets (like the spans of the event).
fn insert_location(tx: &Transaction, event: i64, place: i64, sentence: &SentenceRow, l: &Location) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO event_locations (event, place, text, start, end) VALUES (?, ?, ?, ?, ?)")?.execute(params![
        event,
        place,
        unless_slice(sentence, l.start, l.end, &l.text),
        l.start,
        l.end
    ])?;
    Ok(())
}

/// `places.id` of a location's place, adding it when new.
fn place_id(tx: &Transaction, l: &Location) -> rusqlite::Result<i64> {
    let [x, y, z] = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => dyad_geo::distance::unit_vector(lat, lon).map(Some),
        _ => [None; 3],
    };
    tx.prepare_cached(
        "INSERT INTO places (name, country, adm1, lat, lon, geonames_id, feature, precision, x, y, z)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )?
    .execute(params![l.name, l.country, l.adm1, l.lat, l.lon, l.geonames_id, l.feature, l.precision, x, y, z])?;
    tx.prepare_cached(
        // The expressions of the key's index, so that the look-up reads it.
        "SELECT id FROM places WHERE name = ? AND ifnull(geonames_id, 0) = ifnull(?, 0) AND ifnull(country, '') = ifnull(?, '')
             AND ifnull(adm1, '') = ifnull(?, '') AND ifnull(lat, 0) = ifnull(?, 0) AND ifnull(lon, 0) = ifnull(?, 0)
             AND feature = ? AND precision = ?",
    )?
    .query_row(params![l.name, l.geonames_id, l.country, l.adm1, l.lat, l.lon, l.feature, l.precision], |r| r.get(0))
}

/// The id of the record of an event's key, creating the record when new;
/// the triggers on `events` count the event into it once it is written
/// with this id (schema/v6-compact.sql). The key is the one the view
/// `event_record_keys` gives; crates/store/tests/records.rs checks every
/// mention's record against it.
fn record_of(tx: &Transaction, e: &Event, (source, target): (Option<&str>, Option<&str>)) -> rusqlite::Result<i64> {
    let date = e.date.map(|d| d.to_string()).unwrap_or_default();
    let location = e.location.as_ref().map(record_location).unwrap_or_default();
    let key = params![date, source.unwrap_or(""), target.unwrap_or(""), e.cameo, e.modality.as_str(), location];
    tx.prepare_cached(
        "INSERT INTO event_records (date, source_code, target_code, cameo, modality, location,
                                    num_mentions, num_articles, num_sources, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, '', '')
         ON CONFLICT (date, source_code, target_code, cameo, modality, location) DO NOTHING",
    )?
    .execute(key)?;
    tx.prepare_cached(
        "SELECT id FROM event_records
         WHERE date = ?1 AND source_code = ?2 AND target_code = ?3 AND cameo = ?4 AND modality = ?5 AND location = ?6",
    )?
    .query_row(key, |r| r.get(0))
}

/// A location as a record's key: the gazetteer's name with its GeoNames
/// id, or the name alone for a place without one.
fn record_location(l: &Location) -> String {
    match l.geonames_id {
        Some(id) => format!("{} #{id}", l.name),
        None => l.name.clone(),
    }
}

/// `text` unless it is the sentence's text between `start` and `end`
/// (then the reader takes it from there).
fn unless_slice<'a>(sentence: &SentenceRow, start: usize, end: usize, text: &'a str) -> Option<&'a str> {
    (sentence.slice(start, end) != Some(text)).then_some(text)
}

/// The five columns of an optional actor.
struct ActorCols<'a> {
    code: Option<&'a str>,
    actor: Option<i64>,
    start: Option<usize>,
    end: Option<usize>,
    text: Option<&'a str>,
}

impl<'a> ActorCols<'a> {
    fn of(actor: Option<i64>, a: Option<&'a ActorRef>, sentence: &SentenceRow) -> ActorCols<'a> {
        ActorCols {
            code: a.map(|a| &*a.code),
            actor,
            start: a.map(|a| a.start),
            end: a.map(|a| a.end),
            text: a.and_then(|a| unless_slice(sentence, a.start, a.end, &a.text)),
        }
    }
}

/// The day count stored in `events.day`.
pub(crate) fn days_since_epoch(date: chrono::NaiveDate) -> i64 {
    (date - chrono::DateTime::UNIX_EPOCH.date_naive()).num_days()
}

/// `events.precision_id`: the numbers schema/v6-compact.sql maps back to
/// `date_precision`.
fn precision_id(p: dyad_events::dates::Precision) -> i64 {
    use dyad_events::dates::Precision;
    match p {
        Precision::Day => 0,
        Precision::Week => 1,
        Precision::Month => 2,
        Precision::Year => 3,
        Precision::Document => 4,
    }
}

/// `events.modality_id`: the numbers schema/v6-compact.sql maps back to
/// `modality`.
fn modality_id(m: Modality) -> i64 {
    match m {
        Modality::Asserted => 0,
        Modality::Negated => 1,
        Modality::Hypothetical => 2,
        Modality::Conditional => 3,
        Modality::Future => 4,
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_looked_up_once_per_key() {
        let mut ids: Ids<&str> = Ids::default();
        let mut look_ups = 0;
        for (key, want) in [("a", 7), ("a", 7), ("b", 8)] {
            let id = ids.get_or(key, || {
                look_ups += 1;
                Ok(want)
            });
            assert_eq!(id.unwrap(), want);
        }
        assert_eq!(look_ups, 2);
    }

    #[test]
    fn places_differing_in_any_field_have_different_keys() {
        let kyiv = Location {
            name: "Kyiv".into(),
            text: "Kyiv".into(),
            start: 0,
            end: 4,
            country: Some("UKR".into()),
            adm1: Some("12".into()),
            lat: Some(50.45),
            lon: Some(30.52),
            geonames_id: Some(703448),
            feature: "PPLC".into(),
            precision: "city".into(),
        };
        let elsewhere_in_text = Location { start: 9, end: 13, ..kyiv.clone() };
        assert_eq!(place_key(&kyiv), place_key(&elsewhere_in_text), "the words and offsets are the event's, not the place's");
        let moved = Location { lon: Some(30.5201), ..kyiv.clone() };
        let unnamed = Location { geonames_id: None, ..kyiv.clone() };
        assert_ne!(place_key(&kyiv), place_key(&moved));
        assert_ne!(place_key(&kyiv), place_key(&unnamed));
    }
}
