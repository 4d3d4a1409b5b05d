//! The record: coded documents, their sentences and events in one SQLite
//! file that `dyad query`, `dyad serve` and any SQLite client can read.
//!
//! - [`write`]: one document, coded, into the file ([`Writer`]); re-writing
//!   an unchanged document changes nothing, a changed one replaces its
//!   events in the same transaction.
//! - [`ingest`]: many documents, coded on all cores, written by one thread
//!   in batches.
//! - [`read`]: filtered event pages, documents, dyads and timelines
//!   ([`Reader`]).
//! - [`filter`]: the filters shared by the command line and the HTTP API.
//! - [`records`]: event records across documents and their mentions;
//!   [`stories`]: near-duplicate story clusters.
//!
//! The schema is versioned (`PRAGMA user_version`) and migrated on open;
//! docs/store.md documents it.

pub mod filter;
pub mod ingest;
pub mod output;
pub mod read;
pub mod records;
mod schema;
pub mod stories;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use filter::{Cursor, Filter, Interval, Near, ParamError};
pub use read::{Counts, DocumentRecord, DyadRow, EventDetail, EventPage, Period, QuadTotals, Reader, StoredEvent};
pub use records::{EventRecord, Mention, MentionActor, RecordFilter};
pub use schema::SCHEMA_VERSION;
pub use write::{content_hash, Outcome, Prepared, Writer};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("{}: no such database (`dyad ingest` creates one)", .0.display())]
    Missing(PathBuf),
    #[error("{}: schema version {found} is newer than this dyad knows ({known}); use a newer dyad", path.display())]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("document {doc_id:?}: an event points at sentence {index}, which the document does not have")]
    NoSentence { doc_id: String, index: usize },
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("the query ran longer than it may: narrow it (a dyad, dates, fewer filters at once)")]
    TooSlow,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted => StoreError::TooSlow,
            e => StoreError::Sqlite(e),
        }
    }
}

/// How long a connection waits for another writer (an ingest and a server
/// may share one file) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens a connection in WAL mode with the schema migrated; `create` allows
/// a new file.
fn connect(path: &Path, create: bool) -> Result<Connection, StoreError> {
    if !create && !path.exists() {
        return Err(StoreError::Missing(path.to_path_buf()));
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let open = |e| StoreError::Open { path: path.to_path_buf(), source: e };
    let mut conn = Connection::open_with_flags(path, flags).map_err(open)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open)?;
    // WAL lets readers go on while a writer commits, and a killed writer
    // leaves only uncommitted frames behind. NORMAL sync keeps every commit
    // across a process crash; only power loss can drop the last ones.
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(open)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(open)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(open)?;
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(open)?;
    schema::migrate(&mut conn, path)?;
    Ok(conn)
}
