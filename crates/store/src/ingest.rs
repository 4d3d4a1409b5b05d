//! Many documents into the store: streamed in input order, coded on every
//! core, written by one thread in batches, each batch one transaction. A
//! run that is killed loses at most its open batch; the next run skips every
//! document already stored unchanged and so picks up where the last one
//! stopped.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dyad::stream::{ordered, Window};
use dyad::{CodeError, Coder, Document};

use crate::write::{content_hash, Outcome, Prepared, Writer};
use crate::StoreError;

#[derive(Clone, Debug)]
pub struct Options {
    /// Re-code documents that are stored unchanged (after the dictionaries
    /// changed).
    pub recode: bool,
    /// A batch is committed after this many documents ...
    pub batch_docs: usize,
    /// ... or once it has been open this long.
    pub batch_time: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options { recode: false, batch_docs: 500, batch_time: Duration::from_secs(1) }
    }
}

/// Where an ingest stands; `total` counts the documents read so far,
/// `done` every document dealt with, written or skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub total: usize,
    pub done: usize,
    pub stored: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// (document id, id of the stored document with the same content).
    pub duplicates: Vec<(String, String)>,
    /// Ids that came more than once in the input, with where the later
    /// version was read: the last version is the one stored.
    pub repeated: Vec<(String, Option<String>)>,
    /// Documents dyad panicked on, none of them stored: a bug in dyad, each
    /// reported apart while the others are stored.
    pub failed: Vec<CodeError>,
    /// Events written.
    pub events: usize,
    /// Documents whose writes are committed.
    pub committed: usize,
}

impl Stats {
    fn count(&mut self, doc: &Document, outcome: Outcome, events: usize) {
        self.done += 1;
        match &outcome {
            Outcome::Stored => self.stored += 1,
            Outcome::Replaced => self.replaced += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Duplicate(other) => self.duplicates.push((doc.id.clone(), other.clone())),
        }
        if matches!(outcome, Outcome::Stored | Outcome::Replaced) {
            self.events += events;
        }
    }
}

/// What the reading side decided about a document before coding.
enum Todo {
    Code(Document),
    /// Stored unchanged: counted, never coded.
    Skip(Document),
}

enum Done {
    Coded(Result<Prepared, CodeError>),
    Skipped(Document),
}

/// Codes and stores `docs` in the store at `db`, streaming: documents are
/// read, coded (on every core) and written in input order, with a bounded
/// window in flight. Input order makes the result deterministic: when an id
/// comes twice, the later version is written last and wins (and is listed
/// in [`Stats::repeated`]), and a run resumed after a kill ends in the same
/// state as one that was never interrupted. `progress` is called after
/// every document.
pub fn ingest<I>(db: &Path, coder: &Coder, docs: I, options: &Options, progress: &(dyn Fn(&Stats) + Sync)) -> Result<Stats, StoreError>
where
    I: IntoIterator<Item = Document>,
    I::IntoIter: Send,
{
    let mut writer = Writer::open(db)?;
    writer.sync_cameo(&coder.events().cameo)?;
    // A second connection, only read: documents stored unchanged are
    // skipped before coding, the expensive part.
    let lookup = Writer::open(db)?;
    let mut seen: HashSet<String> = HashSet::new();
    let (repeated_tx, repeated_rx) = mpsc::channel::<(String, Option<String>)>();
    let recode = options.recode;
    let todo = docs.into_iter().map(move |doc| {
        // A repeated id always goes to the writer, which sees this run's
        // earlier writes; the lookup connection may not yet.
        if !seen.insert(doc.id.clone()) {
            let _ = repeated_tx.send((doc.id.clone(), doc.origin.clone()));
            return Ok(Todo::Code(doc));
        }
        match lookup.status(&doc.id, &content_hash(&doc))? {
            Outcome::Unchanged if !recode => Ok(Todo::Skip(doc)),
            _ => Ok(Todo::Code(doc)),
        }
    });
    let mut stats = Stats::default();
    let mut pending: Vec<Prepared> = Vec::new();
    let mut opened = Instant::now();
    let size = |t: &Result<Todo, StoreError>| match t {
        Ok(Todo::Code(d)) => d.text.len(),
        _ => 0,
    };
    let work = |t: Result<Todo, StoreError>| {
        t.map(|t| match t {
            Todo::Code(doc) => Done::Coded(Prepared::code(coder, doc)),
            Todo::Skip(doc) => Done::Skipped(doc),
        })
    };
    ordered(todo, Window::default(), size, work, |done| -> Result<(), StoreError> {
        stats.total += 1;
        match done? {
            Done::Skipped(doc) => stats.count(&doc, Outcome::Unchanged, 0),
            Done::Coded(Err(e)) => {
                stats.done += 1;
                stats.failed.push(e);
            }
            Done::Coded(Ok(p)) => {
                if pending.is_empty() {
                    opened = Instant::now();
                }
                pending.push(p);
                if pending.len() >= options.batch_docs || opened.elapsed() >= options.batch_time {
                    write_batch(&mut writer, &mut pending, options, &mut stats)?;
                }
            }
        }
        progress(&stats);
        Ok(())
    })?;
    write_batch(&mut writer, &mut pending, options, &mut stats)?;
    stats.committed = stats.done;
    stats.repeated = repeated_rx.try_iter().collect();
    progress(&stats);
    writer.optimize()?;
    Ok(stats)
}

/// Writes the pending documents in one transaction.
fn write_batch(writer: &mut Writer, pending: &mut Vec<Prepared>, options: &Options, stats: &mut Stats) -> Result<(), StoreError> {
    if pending.is_empty() {
        return Ok(());
    }
    let mut batch = writer.begin()?;
    for p in pending.iter() {
        let outcome = batch.write(p, options.recode)?;
        stats.count(&p.doc, outcome, p.events.len());
    }
    batch.commit()?;
    pending.clear();
    stats.committed = stats.done;
    Ok(())
}
