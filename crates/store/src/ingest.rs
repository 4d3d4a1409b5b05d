//! Many documents into the store: coded on every core (rayon), written by
//! one thread in batches, each batch one transaction. A run that is killed
//! loses at most its open batch; the next run skips every document already
//! stored unchanged and so picks up where the last one stopped.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dyad::{CodeError, Coder, Document};
use rayon::prelude::*;

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

/// Where an ingest stands; `done` counts every document dealt with,
/// written or skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub total: usize,
    pub done: usize,
    pub stored: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// (document id, id of the stored document with the same content).
    pub duplicates: Vec<(String, String)>,
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

/// Codes and stores `docs` in the store at `db`. `progress` is called from
/// the writer thread after every document.
pub fn ingest(
    db: &Path,
    coder: &Coder,
    docs: Vec<Document>,
    options: &Options,
    progress: &(dyn Fn(&Stats) + Sync),
) -> Result<Stats, StoreError> {
    let mut writer = Writer::open(db)?;
    writer.sync_cameo(&coder.events().cameo)?;
    let mut stats = Stats { total: docs.len(), ..Stats::default() };
    // Coding is the expensive part: documents already stored as they are
    // are counted here and never coded.
    let mut todo = Vec::with_capacity(docs.len());
    for doc in docs {
        let hash = content_hash(&doc);
        match writer.status(&doc.id, &hash)? {
            Outcome::Unchanged if !options.recode => stats.count(&doc, Outcome::Unchanged, 0),
            dup @ Outcome::Duplicate(_) => stats.count(&doc, dup, 0),
            _ => todo.push(doc),
        }
    }
    stats.committed = stats.done;
    progress(&stats);
    // Bounded, so coding cannot run far ahead of a slow disk.
    let (tx, rx) = mpsc::sync_channel::<Result<Box<Prepared>, CodeError>>(256);
    std::thread::scope(|scope| {
        let writing = scope.spawn(|| write_all(&mut writer, rx, options, stats, progress));
        // A send fails only when the writer has stopped on an error; then
        // coding stops too and the writer's error is returned.
        let _ = todo.into_par_iter().try_for_each_with(tx, |tx, doc| tx.send(Prepared::code(coder, doc).map(Box::new)));
        writing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
    .and_then(|stats| {
        writer.optimize()?;
        Ok(stats)
    })
}

fn write_all(
    writer: &mut Writer,
    rx: mpsc::Receiver<Result<Box<Prepared>, CodeError>>,
    options: &Options,
    mut stats: Stats,
    progress: &(dyn Fn(&Stats) + Sync),
) -> Result<Stats, StoreError> {
    let mut incoming = rx.into_iter().peekable();
    // Waiting for the next document happens with no transaction open.
    while incoming.peek().is_some() {
        let mut batch = writer.begin()?;
        let (opened, mut pending) = (Instant::now(), 0);
        for coded in incoming.by_ref() {
            let p = match coded {
                Ok(p) => p,
                Err(e) => {
                    stats.done += 1;
                    stats.failed.push(e);
                    continue;
                }
            };
            let outcome = batch.write(&p, options.recode)?;
            stats.count(&p.doc, outcome, p.events.len());
            pending += 1;
            if pending >= options.batch_docs || opened.elapsed() >= options.batch_time {
                break;
            }
            progress(&stats);
        }
        batch.commit()?;
        stats.committed += pending;
        progress(&stats);
    }
    Ok(stats)
}
