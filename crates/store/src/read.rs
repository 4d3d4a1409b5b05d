//! Reading the store: event pages, single events with their evidence,
//! documents, the most active dyads and timelines. Every value reaches SQL
//! as a bound parameter; only fixed fragments are put together.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate};
use dyad::event::{ActorRef, Event, Location, Quote, Span};
use dyad_events::cameo::Plover;
use dyad_events::dates::Precision;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::filter::{modality, Cursor, Filter, Interval, Near, ParamError};
use crate::{StoreError, SCHEMA_VERSION};
use dyad_geo::distance::{chord_squared, unit_vector};

/// A read connection. Cheap to keep one per thread; readers never block
/// the writer, nor it them (WAL).
pub struct Reader {
    pub(crate) conn: Connection,
    /// When a query running on this connection is stopped (see
    /// [`Reader::limit_time`]).
    deadline: Arc<Mutex<Option<Instant>>>,
}

/// An event as stored: the output contract plus its store id and where its
/// sentence lies in the document text (character offsets).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    #[serde(flatten)]
    pub event: Event,
    pub sentence_start: usize,
    pub sentence_end: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventPage {
    pub events: Vec<StoredEvent>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentMeta {
    pub id: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: StoredEvent,
    pub document: DocumentMeta,
}

#[derive(Clone, Debug, Serialize)]
pub struct SentenceRecord {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub headline: bool,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentRecord {
    #[serde(flatten)]
    pub meta: DocumentMeta,
    pub text: String,
    pub content_hash: String,
    pub coder: String,
    pub ingested_at: String,
    pub sentences: Vec<SentenceRecord>,
    pub events: Vec<StoredEvent>,
}

/// An undirected pair of code heads (countries, or IGO/NGO/IMG/MNC) and
/// its totals over every event between them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadRow {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub totals: QuadTotals,
    pub last: Option<String>,
}

/// One period of a timeline: events per QuadClass and summed Goldstein.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    #[serde(flatten)]
    pub totals: QuadTotals,
}

/// Events counted per QuadClass (q1 verbal cooperation ... q4 material
/// conflict) with their summed Goldstein score.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QuadTotals {
    pub events: u64,
    pub q1: u64,
    pub q2: u64,
    pub q3: u64,
    pub q4: u64,
    pub goldstein: f64,
}

impl QuadTotals {
    fn add(&mut self, quads: [u64; 4], goldstein: f64) {
        self.events += quads.iter().sum::<u64>();
        self.q1 += quads[0];
        self.q2 += quads[1];
        self.q3 += quads[2];
        self.q4 += quads[3];
        self.goldstein += goldstein;
    }
}

impl<'a> std::iter::Sum<&'a QuadTotals> for QuadTotals {
    fn sum<I: Iterator<Item = &'a QuadTotals>>(totals: I) -> QuadTotals {
        let mut sum = totals.fold(QuadTotals::default(), |mut sum, t| {
            sum.add([t.q1, t.q2, t.q3, t.q4], t.goldstein);
            sum
        });
        sum.goldstein = tenths(sum.goldstein);
        sum
    }
}

/// A date as the day number `events.day` holds.
fn day(d: NaiveDate) -> Value {
    Value::Integer(crate::write::days_since_epoch(d))
}

/// Goldstein scores have one decimal; sums kept by adding and subtracting
/// tenths carry float noise.
fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Clone, Debug, Serialize)]
pub struct Counts {
    pub schema_version: i64,
    pub documents: u64,
    pub events: u64,
    pub dyads: u64,
}

impl Reader {
    /// Opens an existing store (migrating an older schema).
    pub fn open(path: &Path) -> Result<Reader, StoreError> {
        let mut conn = crate::connect(path, false)?;
        conn.pragma_update(None, "query_only", true)?;
        // The first pages of the file (schema, the top of every index) are
        // read through a memory map instead of system calls. Each
        // connection maps on its own and a server keeps several, so the map
        // is small: the operating system's file cache holds the rest.
        conn.pragma_update(None, "mmap_size", 16 * 1024 * 1024)?;
        conn.pragma_update(None, "cache_size", -8 * 1024)?;
        let deadline = Arc::new(Mutex::new(None));
        let watched = Arc::clone(&deadline);
        // Every thousand virtual machine steps (some microseconds): a true
        // stops the query.
        conn.progress_handler(
            1000,
            Some(move || watched.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|d: Instant| Instant::now() >= d)),
        )?;
        Ok(Reader { conn, deadline })
    }

    /// Stops any query that runs past `limit` from now (with
    /// [`StoreError::TooSlow`]); `None` lets queries run as long as they
    /// take. A server sets one per request.
    pub fn limit_time(&self, limit: Option<Duration>) {
        *self.deadline.lock().unwrap_or_else(|p| p.into_inner()) = limit.map(|l| Instant::now() + l);
    }

    /// One page of events matching `f`, newest first, after `cursor`.
    pub fn events(&self, f: &Filter, cursor: Option<&Cursor>, limit: usize) -> Result<EventPage, StoreError> {
        let plan = self.text_plan(f)?;
        let mut events = Vec::new();
        // Dated events come first; the undated ones after them. Two queries
        // keep each one an index range read (no OR over NULL).
        if cursor.is_none_or(|c| c.date.is_some()) {
            let mut q = Where::new(f, plan);
            match cursor {
                Some(Cursor { date: Some(d), id }) => q.push("(e.day, e.id) < (?, ?)", [day(*d), Value::Integer(*id)]),
                _ => q.dated(f),
            }
            events.extend(self.page(f, q, plan, "e.day DESC, e.id DESC", limit + 1)?);
        }
        if events.len() <= limit && f.since.is_none() && f.until.is_none() {
            let mut q = Where::new(f, plan);
            q.push("e.day IS NULL", []);
            if let Some(Cursor { date: None, id }) = cursor {
                q.push("e.id < ?", [Value::Integer(*id)]);
            }
            events.extend(self.page(f, q, plan, "e.id DESC", limit + 1 - events.len())?);
        }
        let next_cursor = (events.len() > limit).then(|| {
            let last = &events[limit - 1];
            Cursor { date: last.event.date, id: last.id }.to_string()
        });
        events.truncate(limit);
        Ok(EventPage { events, next_cursor })
    }

    /// The index a page is read through. SQLite's planner goes by average
    /// counts: it misses that root 20 is rare while root 01 is a fifth of
    /// all events, and it prefers the date index for a date range even
    /// within a small dyad. So: the index of the one condition that reads in
    /// date order; among several, the one with the fewest rows (counting
    /// stops at a bound, a few thousand index entries at most); a list
    /// (two roots) only when it is small, since its rows must be sorted.
    /// `None` leaves the choice to SQLite: no such condition, or few
    /// full-text matches, which are the better start.
    fn driver(&self, f: &Filter, q: &Where, plan: TextPlan) -> Result<Option<&'static str>, StoreError> {
        const BOUND: i64 = 5000;
        let candidates: Vec<&Cond> = q.conds.iter().filter(|c| c.index.is_some()).collect();
        if candidates.is_empty() || (f.text.is_some() && plan == TextPlan::Matches) {
            return Ok(None);
        }
        if let [only] = candidates[..] {
            if only.ordered {
                return Ok(only.index);
            }
        }
        let mut counted = Vec::with_capacity(candidates.len());
        for c in candidates {
            let sql = format!("SELECT count(*) FROM (SELECT 1 FROM events e WHERE {} LIMIT {BOUND})", c.sql);
            let n: i64 = self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(&c.params), |r| r.get(0))?;
            counted.push((n, c));
        }
        counted.sort_by_key(|(n, c)| (*n, !c.ordered));
        Ok(counted.iter().find(|(n, c)| *n < BOUND || c.ordered).and_then(|(_, c)| c.index))
    }

    /// Scan when the matching sentences are many: more than about the
    /// square root of 64 times all sentences, where walking the events
    /// until a page is full costs less than collecting every match.
    fn text_plan(&self, f: &Filter) -> Result<TextPlan, StoreError> {
        let Some(text) = &f.text else { return Ok(TextPlan::Matches) };
        let matches: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?")?
            .query_row([text], |r| r.get(0))
            .map_err(|e| text_error(f, e))?;
        let sentences: i64 = self.conn.query_row("SELECT ifnull(max(id), 0) FROM sentences", [], |r| r.get(0))?;
        Ok(if matches * matches > 64 * sentences { TextPlan::Scan } else { TextPlan::Matches })
    }

    /// The first `limit` events of `q` in `order`, read with one statement
    /// (the page's ids from an index, then their rows): with planner
    /// statistics, SQLite re-prepares a statement whenever its parameters
    /// change, so one statement per page is much cheaper than one per row.
    fn page(&self, f: &Filter, q: Where, plan: TextPlan, order: &str, limit: usize) -> Result<Vec<StoredEvent>, StoreError> {
        let indexed = match self.driver(f, &q, plan)? {
            Some(index) => format!("INDEXED BY {index}"),
            None => String::new(),
        };
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM (SELECT e.id FROM events e {indexed} WHERE {} ORDER BY {order} LIMIT ?) p
             JOIN event_rows e ON e.id = p.id {EVENT_JOINS} ORDER BY {order}",
            q.sql()
        );
        let mut params = q.params();
        params.push(Value::Integer(limit as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| stored_event(r, &mut 0));
        rows.and_then(|rows| rows.collect::<Result<Vec<_>, _>>()).map_err(|e| text_error(f, e))
    }

    /// One event with its document's metadata.
    pub fn event(&self, id: i64) -> Result<Option<EventDetail>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS}, d.date, d.title, d.url, d.source FROM event_rows e {EVENT_JOINS} WHERE e.id = ?");
        let detail = self.conn.prepare_cached(&sql)?.query_row([id], |r| {
            let mut i = 0;
            let event = stored_event(r, &mut i)?;
            let document = DocumentMeta {
                id: event.event.doc_id.clone(),
                date: r.get(i)?,
                title: r.get(i + 1)?,
                url: r.get(i + 2)?,
                source: r.get(i + 3)?,
            };
            Ok(EventDetail { event, document })
        });
        Ok(detail.optional()?)
    }

    /// A document with its sentences and events.
    pub fn document(&self, doc_id: &str) -> Result<Option<DocumentRecord>, StoreError> {
        let head = self
            .conn
            .prepare_cached("SELECT id, date, title, url, source, tail, content_hash, coder, ingested_at FROM documents WHERE doc_id = ?")?
            .query_row([doc_id], |r| {
                let meta = DocumentMeta { id: doc_id.to_string(), date: r.get(1)?, title: r.get(2)?, url: r.get(3)?, source: r.get(4)? };
                Ok((r.get::<_, i64>(0)?, meta, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
            })
            .optional()?;
        let Some((doc, meta, tail, content_hash, coder, ingested_at)): Option<(i64, DocumentMeta, String, String, String, String)> = head
        else {
            return Ok(None);
        };
        // The text is not stored whole: it is each sentence after the text
        // before it, then the tail.
        let mut text = String::new();
        let sentences = self
            .conn
            .prepare_cached("SELECT idx, start, end, headline, text, gap FROM sentences WHERE doc = ? ORDER BY idx")?
            .query_map([doc], |r| {
                Ok((SentenceRecord { index: r.get(0)?, start: r.get(1)?, end: r.get(2)?, headline: r.get(3)?, text: r.get(4)? }, r.get(5)?))
            })?
            .map(|row| {
                let (sentence, gap): (SentenceRecord, String) = row?;
                text.push_str(&gap);
                text.push_str(&sentence.text);
                Ok(sentence)
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        text.push_str(&tail);

        let sql = format!("SELECT {EVENT_COLUMNS} FROM event_rows e {EVENT_JOINS} WHERE e.doc = ? ORDER BY e.sentence_index, e.id");
        let events = self.conn.prepare_cached(&sql)?.query_map([doc], |r| stored_event(r, &mut 0))?.collect::<Result<Vec<_>, _>>()?;
        Ok(Some(DocumentRecord { meta, text, content_hash, coder, ingested_at, sentences, events }))
    }

    /// The `n` dyads with the most events.
    pub fn top_dyads(&self, n: usize) -> Result<Vec<DyadRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT y.a, y.b, y.events, y.q1, y.q2, y.q3, y.q4, y.goldstein,
                    (SELECT date(2440587.5 + max(e.day)) FROM events e WHERE e.dyad_a = y.a AND e.dyad_b = y.b)
             FROM dyads y ORDER BY y.events DESC, y.a, y.b LIMIT ?",
        )?;
        let rows = stmt.query_map([n as i64], |r| {
            Ok(DyadRow {
                a: r.get(0)?,
                b: r.get(1)?,
                totals: QuadTotals {
                    events: r.get(2)?,
                    q1: r.get(3)?,
                    q2: r.get(4)?,
                    q3: r.get(5)?,
                    q4: r.get(6)?,
                    goldstein: tenths(r.get(7)?),
                },
                last: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Events matching `f` per period, every period from the first to the
    /// last present (empty ones included, so a chart's axis is even). The
    /// interval is the one asked for, or a coarser one when that would give
    /// more than [`MAX_PERIODS`] periods; it is returned with them.
    pub fn timeline(&self, f: &Filter, interval: Interval) -> Result<(Interval, Vec<Period>), StoreError> {
        let days = match daily_totals(f) {
            Some((a, b)) => self.dyad_days(a, b, f)?,
            None => self.event_days(f)?,
        };
        let interval = fitting_interval(&days, interval)?;
        Ok((interval, periods(days, interval)))
    }

    /// Per-day totals of a whole dyad, kept by triggers.
    fn dyad_days(&self, a: &str, b: &str, f: &Filter) -> Result<Vec<Day>, StoreError> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, q1, q2, q3, q4, goldstein FROM dyad_days
             WHERE a = ?1 AND b = ?2 AND date >= ifnull(?3, '') AND date <= ifnull(?4, '9999') ORDER BY date",
        )?;
        let rows = stmt.query_map(rusqlite::params![a, b, f.since.map(|d| d.to_string()), f.until.map(|d| d.to_string())], |r| {
            Ok((r.get::<_, String>(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?], r.get(5)?))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?.into_iter().filter_map(|(d, q, g)| Some((d.parse().ok()?, q, g))).collect())
    }

    /// Per-day totals of the events matching `f`.
    fn event_days(&self, f: &Filter) -> Result<Vec<Day>, StoreError> {
        let mut q = Where::new(f, TextPlan::Matches);
        q.dated(f);
        let sql = format!(
            "SELECT e.date, e.quad_class, count(*), total(e.goldstein) FROM events e WHERE {} GROUP BY e.day, e.quad_class",
            q.sql()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(q.params()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?, r.get::<_, u64>(2)?, r.get(3)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<(String, u8, u64, f64)>, _>>())
            .map_err(|e| text_error(f, e))?;
        let mut days: Vec<Day> = Vec::new();
        for (day, quad, n, goldstein) in rows {
            let Ok(day) = day.parse::<NaiveDate>() else { continue };
            if days.last().is_none_or(|l| l.0 != day) {
                days.push((day, [0; 4], 0.0));
            }
            let last = days.last_mut().expect("a day was pushed");
            last.1[usize::from(quad.clamp(1, 4)) - 1] += n;
            last.2 += goldstein;
        }
        Ok(days)
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, u64>(0));
        Ok(Counts {
            schema_version: SCHEMA_VERSION,
            documents: count("SELECT count(*) FROM documents")?,
            events: count("SELECT count(*) FROM events")?,
            dyads: count("SELECT count(*) FROM dyads")?,
        })
    }
}

/// A day's events per QuadClass and summed Goldstein score.
type Day = (NaiveDate, [u64; 4], f64);

/// The dyad of a filter that is nothing but a dyad of two heads (and
/// dates): its timeline can come from the per-day totals.
fn daily_totals(f: &Filter) -> Option<(&str, &str)> {
    let (a, b) = f.dyad.as_ref()?;
    let only_dates = Filter { dyad: f.dyad.clone(), since: f.since, until: f.until, ..Filter::default() };
    (a.len() == 3 && b.len() == 3 && *f == only_dates).then_some((a.as_str(), b.as_str()))
}

/// The most periods a timeline holds: a span of about 13 years by day, 95
/// by week, 416 by month.
pub const MAX_PERIODS: i64 = 5000;

/// `asked`, or the first coarser interval that covers `days` in at most
/// [`MAX_PERIODS`] periods; an error when even months are too many.
fn fitting_interval(days: &[Day], asked: Interval) -> Result<Interval, ParamError> {
    let (Some(first), Some(last)) = (days.iter().map(|d| d.0).min(), days.iter().map(|d| d.0).max()) else {
        return Ok(asked);
    };
    let fits = [Interval::Day, Interval::Week, Interval::Month]
        .into_iter()
        .filter(|i| *i >= asked)
        .find(|i| period_count(first, last, *i) <= MAX_PERIODS);
    fits.ok_or_else(|| {
        let months = period_count(first, last, Interval::Month);
        ParamError::new(
            "interval",
            format!("{first} to {last} is {months} months, more than {MAX_PERIODS} periods: narrow it with since and until"),
        )
    })
}

/// How many periods of `interval` run from the one holding `first` to the
/// one holding `last`.
fn period_count(first: NaiveDate, last: NaiveDate, interval: Interval) -> i64 {
    let (a, b) = (period_start(first, interval), period_start(last, interval));
    match interval {
        Interval::Day => (b - a).num_days() + 1,
        Interval::Week => (b - a).num_days() / 7 + 1,
        Interval::Month => i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month()) + 1,
    }
}

/// Days (in any order) folded into periods, gaps filled.
fn periods(mut days: Vec<Day>, interval: Interval) -> Vec<Period> {
    days.sort_by_key(|d| d.0);
    let mut out: Vec<Period> = Vec::new();
    for (day, quads, goldstein) in days {
        let start = period_start(day, interval);
        while let Some(next) = out.last().map(|l| next_period(l.start, interval)).filter(|next| *next < start) {
            out.push(Period { start: next, totals: QuadTotals::default() });
        }
        if out.last().is_none_or(|l| l.start != start) {
            out.push(Period { start, totals: QuadTotals::default() });
        }
        out.last_mut().expect("a period was pushed").totals.add(quads, goldstein);
    }
    for p in &mut out {
        p.totals.goldstein = tenths(p.totals.goldstein);
    }
    out
}

/// The first day of the period holding `d`: weeks start on Monday.
fn period_start(d: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => d,
        Interval::Week => d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())),
        Interval::Month => d.with_day(1).expect("every month has a first day"),
    }
}

fn next_period(d: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => d + chrono::Duration::days(1),
        Interval::Week => d + chrono::Duration::days(7),
        Interval::Month => d.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX),
    }
}

/// A malformed FTS5 query fails when the statement runs: report it as a
/// bad `text` parameter, not as a database failure.
fn text_error(f: &Filter, e: rusqlite::Error) -> StoreError {
    match (&f.text, &e) {
        (Some(_), rusqlite::Error::SqliteFailure(err, Some(msg))) if err.code == rusqlite::ErrorCode::Unknown => {
            StoreError::Param(ParamError::new("text", format!("not a full-text query: {}", msg.trim_start_matches("fts5: "))))
        }
        _ => StoreError::from(e),
    }
}

/// How a full-text filter is joined to the events.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextPlan {
    /// Collect every matching event first: right when few sentences match
    /// (and for aggregates, which need them all anyway).
    Matches,
    /// Walk the events in page order and test each one's sentence against
    /// the matching sentence ids: right when many match, since a page then
    /// fills after a few rows.
    Scan,
}

/// Kilometres per degree of latitude, a little less than the true ~111.2,
/// so the latitude band is never narrower than the circle.
const KM_PER_DEGREE_OF_LATITUDE: f64 = 110.5;

/// The WHERE clause of a filter, as SQL text and its parameters.
struct Where {
    conds: Vec<Cond>,
}

struct Cond {
    sql: String,
    params: Vec<Value>,
    /// The index this condition can be read through ...
    index: Option<&'static str>,
    /// ... and whether that read comes in date order (one value, not a
    /// list of them).
    ordered: bool,
}

impl Where {
    fn new(f: &Filter, text_plan: TextPlan) -> Where {
        let mut q = Where { conds: Vec::new() };
        if let Some(p) = &f.source {
            q.prefix("source", p);
        }
        if let Some(p) = &f.target {
            q.prefix("target", p);
        }
        if let Some((a, b)) = &f.dyad {
            q.dyad(a, b);
        }
        if !f.roots.is_empty() {
            q.list("e.root", f.roots.iter().map(|r| Value::Text(r.clone())), Some("events_root"));
        }
        if !f.cameo.is_empty() {
            // Code prefixes as ranges: every code that starts with 057 lies
            // in ["057", "057:") since ':' follows '9'. The implied roots
            // let the root index narrow the scan.
            let ranges = vec!["(e.cameo >= ? AND e.cameo < ?)"; f.cameo.len()].join(" OR ");
            q.push(&format!("({ranges})"), f.cameo.iter().flat_map(|c| [Value::Text(c.clone()), Value::Text(format!("{c}:"))]));
            let mut roots: Vec<&str> = f.cameo.iter().map(|c| &c[..2]).collect();
            roots.dedup();
            q.list("e.root", roots.into_iter().map(|r| Value::Text(r.to_string())), Some("events_root"));
        }
        if !f.quads.is_empty() {
            q.list("e.quad_class", f.quads.iter().map(|x| Value::Integer(i64::from(*x))), None);
        }
        if let Some(d) = f.since {
            q.push("e.day >= ?", [day(d)]);
        }
        if let Some(d) = f.until {
            q.push("e.day <= ?", [day(d)]);
        }
        if !f.modalities.is_empty() {
            q.list("e.modality", f.modalities.iter().map(|m| Value::Text(m.as_str().to_string())), None);
        }
        if let Some(country) = &f.country_geo {
            q.push(
                "e.id IN (SELECT l.event FROM places p JOIN event_locations l ON l.place = p.id WHERE p.country = ?)",
                [Value::Text(country.clone())],
            );
        }
        if let Some(n) = f.near {
            q.near(n);
        }
        if let Some(text) = &f.text {
            let cond = match text_plan {
                TextPlan::Matches => {
                    "e.id IN (SELECT t.id FROM sentences_fts f JOIN events t ON t.sentence = f.rowid WHERE sentences_fts MATCH ?)"
                }
                TextPlan::Scan => "e.sentence IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)",
            };
            q.push(cond, [Value::Text(text.clone())]);
        }
        q
    }

    /// Leaves out undated events. A date bound (or a cursor) already does,
    /// and then an extra `IS NOT NULL` only misleads the planner into a
    /// worse use of the index.
    fn dated(&mut self, f: &Filter) {
        if f.since.is_none() && f.until.is_none() {
            self.push("e.day IS NOT NULL", []);
        }
    }

    fn push(&mut self, cond: &str, params: impl IntoIterator<Item = Value>) {
        self.conds.push(Cond { sql: cond.to_string(), params: params.into_iter().collect(), index: None, ordered: false });
    }

    fn indexed(&mut self, index: &'static str, cond: &str, params: Vec<Value>, ordered: bool) {
        self.conds.push(Cond { sql: cond.to_string(), params, index: Some(index), ordered });
    }

    fn list(&mut self, column: &str, values: impl Iterator<Item = Value>, index: Option<&'static str>) {
        let values: Vec<Value> = values.collect();
        let marks = vec!["?"; values.len()].join(", ");
        let cond = format!("{column} IN ({marks})");
        match index {
            Some(index) => {
                let ordered = values.len() == 1;
                self.indexed(index, &cond, values, ordered)
            }
            None => self.push(&cond, values),
        }
    }

    /// Events located within `n.km` of a point: a latitude band the index
    /// reads, then the exact test on the stored unit vectors (a chord no
    /// longer than the arc's).
    fn near(&mut self, n: Near) {
        let band = n.km / KM_PER_DEGREE_OF_LATITUDE;
        let [x, y, z] = unit_vector(n.lat, n.lon);
        let cond = "e.id IN (SELECT l.event FROM places p JOIN event_locations l ON l.place = p.id WHERE p.lat BETWEEN ? AND ?
                     AND (p.x - ?) * (p.x - ?) + (p.y - ?) * (p.y - ?) + (p.z - ?) * (p.z - ?) <= ?)";
        let params = [n.lat - band, n.lat + band, x, x, y, y, z, z, chord_squared(n.km)];
        self.push(cond, params.map(Value::Real));
    }

    /// A code prefix of three letters or more seeks on the head index.
    fn prefix(&mut self, role: &str, p: &str) {
        if p.len() >= 3 {
            let index = if role == "source" { "events_source" } else { "events_target" };
            self.indexed(index, &format!("e.{role}_head = ?"), vec![Value::Text(p[..3].to_string())], true);
        }
        if p.len() != 3 {
            self.push(&format!("substr(e.{role}_code, 1, ?) = ?"), [Value::Integer(p.len() as i64), Value::Text(p.to_string())]);
        }
    }

    fn dyad(&mut self, a: &str, b: &str) {
        if a.len() >= 3 && b.len() >= 3 {
            let (x, y) = if a[..3] <= b[..3] { (&a[..3], &b[..3]) } else { (&b[..3], &a[..3]) };
            self.indexed(
                "events_dyad",
                "e.dyad_a = ? AND e.dyad_b = ?",
                vec![Value::Text(x.to_string()), Value::Text(y.to_string())],
                true,
            );
        }
        // Two bare heads are exactly the pair; anything else also needs the
        // direction-free check on the full codes.
        if a.len() != 3 || b.len() != 3 {
            let one = "(substr(e.source_code, 1, ?) = ? AND substr(e.target_code, 1, ?) = ?)";
            let p = |s: &str| [Value::Integer(s.len() as i64), Value::Text(s.to_string())];
            let params: Vec<Value> = [p(a), p(b), p(b), p(a)].into_iter().flatten().collect();
            self.push(&format!("({one} OR {one})"), params);
        }
    }

    fn sql(&self) -> String {
        self.conds.iter().map(|c| c.sql.as_str()).collect::<Vec<_>>().join(" AND ")
    }

    fn params(&self) -> Vec<Value> {
        self.conds.iter().flat_map(|c| c.params.iter().cloned()).collect()
    }
}

/// Events are read from the `event_rows` view, which spells out the texts
/// and actor names the `events` table leaves to `sentences` and `actors`;
/// an event's location, when it has one, from `event_locations` and its
/// place from `places`.
const EVENT_JOINS: &str =
    "JOIN documents d ON d.id = e.doc LEFT JOIN event_locations l ON l.event = e.id LEFT JOIN places pl ON pl.id = l.place";

const EVENT_COLUMNS: &str = "e.id, d.doc_id, e.sentence_index, e.sentence, e.sentence_start, e.sentence_end, e.date, e.date_precision,
    e.source_code, e.source_country, e.source_sector, e.source_name, e.source_text, e.source_start, e.source_end,
    e.target_code, e.target_country, e.target_sector, e.target_name, e.target_text, e.target_start, e.target_end,
    e.cameo, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
    e.action_text, e.action_start, e.action_end, e.modality, e.quote_text,
    e.speaker_code, e.speaker_country, e.speaker_sector, e.speaker_name, e.speaker_text, e.speaker_start, e.speaker_end,
    e.mentions, e.headline,
    pl.name, ifnull(l.text, substr(e.sentence, l.start - e.sentence_start + 1, l.end - l.start)), l.start, l.end, pl.country, pl.adm1, pl.lat, pl.lon, pl.geonames_id, pl.feature, pl.precision";

/// Reads a row's columns in order.
struct Cols<'r, 's> {
    row: &'r Row<'s>,
    at: usize,
}

impl Cols<'_, '_> {
    fn next<T: rusqlite::types::FromSql>(&mut self) -> rusqlite::Result<T> {
        self.at += 1;
        self.row.get(self.at - 1)
    }

    fn actor(&mut self) -> rusqlite::Result<Option<ActorRef>> {
        let code: Option<String> = self.next()?;
        let (country, sector): (Option<String>, Option<String>) = (self.next()?, self.next()?);
        let (name, text): (Option<String>, Option<String>) = (self.next()?, self.next()?);
        let (start, end): (Option<usize>, Option<usize>) = (self.next()?, self.next()?);
        Ok(code.map(|code| ActorRef {
            code: code.into(),
            country: country.map(Into::into),
            sector: sector.map(Into::into),
            name: name.unwrap_or_default().into(),
            text: text.unwrap_or_default(),
            start: start.unwrap_or_default(),
            end: end.unwrap_or_default(),
        }))
    }
}

impl Cols<'_, '_> {
    /// The eleven columns of an optional location.
    fn location(&mut self) -> rusqlite::Result<Option<Location>> {
        let name: Option<String> = self.next()?;
        let (text, start, end): (Option<String>, Option<usize>, Option<usize>) = (self.next()?, self.next()?, self.next()?);
        let (country, adm1, lat, lon) = (self.next()?, self.next()?, self.next()?, self.next()?);
        let (geonames_id, feature, precision): (_, Option<String>, Option<String>) = (self.next()?, self.next()?, self.next()?);
        Ok(name.map(|name| Location {
            name,
            text: text.unwrap_or_default(),
            start: start.unwrap_or_default(),
            end: end.unwrap_or_default(),
            country,
            adm1,
            lat,
            lon,
            geonames_id,
            feature: feature.unwrap_or_default(),
            precision: precision.unwrap_or_default(),
        }))
    }
}

/// Reads the columns of [`EVENT_COLUMNS`] from `*at` on, leaving `*at`
/// after them.
fn stored_event(row: &Row, at: &mut usize) -> rusqlite::Result<StoredEvent> {
    let mut c = Cols { row, at: *at };
    let id = c.next()?;
    let doc_id = c.next()?;
    let sentence_index = c.next()?;
    let sentence = c.next()?;
    let (sentence_start, sentence_end) = (c.next()?, c.next()?);
    let date = c.next::<Option<String>>()?.and_then(|d| d.parse().ok());
    let date_precision = precision(&c.next::<String>()?);
    let source = c.actor()?;
    let target = c.actor()?;
    let (cameo, root, quad_class, goldstein) = (c.next()?, c.next()?, c.next()?, c.next::<f64>()?);
    let plover_type: Option<String> = c.next()?;
    let (plover_mode, plover_context) = (c.next()?, c.next()?);
    let plover = plover_type.map(|kind| Plover { kind, mode: plover_mode, context: plover_context });
    let action = Span { text: c.next()?, start: c.next()?, end: c.next()? };
    let modality_text: String = c.next()?;
    let modality = modality("modality", &modality_text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(c.at - 1, rusqlite::types::Type::Text, Box::new(e)))?;
    let quote_text: Option<String> = c.next()?;
    let speaker = c.actor()?;
    let quote = quote_text.map(|text| Quote { speaker, text });
    let (mentions, headline) = (c.next()?, c.next()?);
    let location = c.location()?;
    *at = c.at;
    let event = Event {
        doc_id,
        sentence_index,
        sentence,
        date,
        date_precision,
        source,
        target,
        cameo,
        root,
        quad_class,
        goldstein: goldstein as f32,
        plover,
        action,
        modality,
        quote,
        mentions,
        headline,
        location,
        explain: None,
    };
    Ok(StoredEvent { id, event, sentence_start, sentence_end })
}

fn precision(s: &str) -> Precision {
    match s {
        "day" => Precision::Day,
        "week" => Precision::Week,
        "month" => Precision::Month,
        "year" => Precision::Year,
        _ => Precision::Document,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        (NaiveDate::from_ymd_opt(y, m, d).unwrap(), [1, 0, 0, 0], 1.0)
    }

    #[test]
    fn periods_are_counted_from_first_to_last() {
        let (a, b) = (NaiveDate::from_ymd_opt(2025, 1, 30).unwrap(), NaiveDate::from_ymd_opt(2025, 3, 3).unwrap());
        assert_eq!(period_count(a, b, Interval::Day), 33);
        assert_eq!(period_count(a, b, Interval::Week), 6);
        assert_eq!(period_count(a, b, Interval::Month), 3);
        assert_eq!(period_count(a, a, Interval::Week), 1);
    }

    #[test]
    fn a_long_span_coarsens_and_a_very_long_one_is_refused() {
        let decade = [day(2015, 1, 1), day(2024, 12, 31)];
        assert_eq!(fitting_interval(&decade, Interval::Day).unwrap(), Interval::Day);
        let two_decades = [day(2000, 1, 1), day(2024, 12, 31)];
        assert_eq!(fitting_interval(&two_decades, Interval::Day).unwrap(), Interval::Week);
        assert_eq!(fitting_interval(&two_decades, Interval::Month).unwrap(), Interval::Month);
        let centuries = [day(1800, 1, 1), day(1990, 1, 1)];
        assert_eq!(fitting_interval(&centuries, Interval::Day).unwrap(), Interval::Month);
        let err = fitting_interval(&[day(1, 1, 1), day(9999, 12, 31)], Interval::Day).unwrap_err();
        assert_eq!(err.name, "interval");
        assert_eq!(fitting_interval(&[], Interval::Day).unwrap(), Interval::Day);
    }
}
