//! Schema versions. The file's `PRAGMA user_version` is the number of
//! migrations applied; each migration runs once, in its own transaction.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// Migrations in order; never edit one that has shipped, add the next.
/// A new file runs them all: each step takes the file from the version
/// before it to the next.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/v1.sql"),
    include_str!("schema/v2.sql"),
    include_str!("schema/v3.sql"),
    include_str!("schema/v4.sql"),
    include_str!("schema/v5-record-locations.sql"),
    include_str!("schema/v6-compact.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    if version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Immediate: two processes opening a new file at once must not both
    // create the tables; the second sees the first's version and stops.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer_files() {
        let dir = std::env::temp_dir().join(format!("dyad-store-schema-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        let _ = std::fs::remove_file(&path);
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &path).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn, &path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        let err = crate::connect(&path, false).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file at `version`: the steps up to it, nothing after.
    fn file_at(version: usize, name: &str) -> (std::path::PathBuf, Connection) {
        let dir = std::env::temp_dir().join(format!("dyad-store-schema-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        let _ = std::fs::remove_file(&path);
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64).unwrap();
        (path, conn)
    }

    /// Two documents from two outlets reporting one record (at Kyiv), and a
    /// third event of its own, written as version 5's writer wrote them:
    /// records and event_mentions rows, which its triggers count.
    const V5_ROWS: &str = "
        INSERT INTO documents (id, doc_id, content_hash, date, source, sentences, events, coder, ingested_at, tail)
        VALUES (1, 'a', 'h1', '2025-03-01', 'Wire', 1, 2, 'dyad', '2026-01-01T00:00:00Z', ''),
               (2, 'b', 'h2', '2025-03-01', NULL, 1, 1, 'dyad', '2026-01-02T00:00:00Z', '');
        INSERT INTO sentences (id, doc, idx, start, end, headline, text, gap)
        VALUES (1, 1, 0, 0, 27, 0, 'Moscow suspended the talks.', ''), (2, 2, 0, 0, 26, 0, 'Moscow suspended talks again.', '');
        INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences;
        INSERT INTO events (id, sentence, day, date_precision, source_code, target_code, cameo, quad_class, goldstein,
                            action_start, action_end, modality, mentions, headline)
        VALUES (1, 1, 20148, 'day', 'RUS', 'UKR', '164', 4, -6.5, 7, 16, 'asserted', 1, 0),
               (2, 1, 20148, 'day', 'RUS', NULL, '010', 1, 0.0, 7, 16, 'negated', 2, 0),
               (3, 2, 20148, 'day', 'RUS', 'UKR', '164', 4, -6.5, 7, 16, 'asserted', 1, 0);
        INSERT INTO event_locations (event, name, start, end, feature, precision, geonames_id)
        VALUES (1, 'Kyiv', 0, 0, 'PPLC', 'city', 703448), (3, 'Kyiv', 0, 0, 'PPLC', 'city', 703448);
        INSERT INTO event_records (id, date, source_code, target_code, cameo, modality, location,
                                   num_mentions, num_articles, num_sources, first_seen, last_seen)
        VALUES (1, '2025-03-01', 'RUS', 'UKR', '164', 'asserted', 'Kyiv #703448', 0, 0, 0, '', ''),
               (2, '2025-03-01', 'RUS', '', '010', 'negated', '', 0, 0, 0, '', '');
        INSERT INTO event_mentions (event, record, doc, mentions) VALUES (1, 1, 1, 1), (2, 2, 1, 2), (3, 1, 2, 1);";

    type RecordRow = (String, String, String, String, String, i64, i64, i64, String, String);

    fn records(conn: &Connection) -> Vec<RecordRow> {
        let sql = "SELECT date, source_code, target_code, cameo, location, num_mentions, num_articles, num_sources, first_seen, last_seen
                   FROM event_records ORDER BY id";
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
        });
        rows.unwrap().map(Result::unwrap).collect()
    }

    fn texts(conn: &Connection, sql: &str) -> Vec<String> {
        conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn a_version_5_file_opens_as_version_6_with_its_records_and_index() {
        let (path, mut conn) = file_at(5, "v5");
        conn.execute_batch(V5_ROWS).unwrap();
        let before = records(&conn);
        assert_eq!(before.len(), 2);
        assert_eq!((before[0].5, before[0].6, before[0].7), (2, 2, 2), "the v5 triggers counted the Kyiv record");
        let mentions = "SELECT event || ' ' || record || ' ' || doc || ' ' || mentions FROM event_mentions ORDER BY event";
        let articles_v5 = "SELECT record || ' ' || doc || ' ' || outlet || ' ' || seen || ' ' || mentions FROM record_articles ORDER BY 1";
        let spelled = "SELECT modality || ' ' || date_precision || ' ' || ifnull(plover_type, '-') FROM event_rows ORDER BY id";
        conn.execute("UPDATE events SET plover_type = 'SANCTION', plover_mode = 'withdraw' WHERE cameo = '164'", []).unwrap();
        let (mentions_before, articles_before, spelled_before) = (texts(&conn, mentions), texts(&conn, articles_v5), texts(&conn, spelled));
        migrate(&mut conn, &path).unwrap();
        assert_eq!(version(&conn).unwrap(), 6);
        assert_eq!(records(&conn), before);
        assert_eq!(texts(&conn, mentions), mentions_before, "the event_mentions view gives the rows the table held");
        assert_eq!(texts(&conn, spelled), spelled_before, "modalities, precisions and PLOVER categories read as before");
        assert_eq!(texts(&conn, "SELECT type || ' ' || mode FROM plover_kinds"), ["SANCTION withdraw"]);
        let articles_v6 = "SELECT a.record || ' ' || a.doc || ' ' || o.outlet || ' ' || o.seen || ' ' || a.mentions
                           FROM record_articles a JOIN document_outlets o ON o.doc = a.doc ORDER BY 1";
        assert_eq!(texts(&conn, articles_v6), articles_before);
        let found: i64 =
            conn.query_row("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'suspend'", [], |r| r.get(0)).unwrap();
        assert_eq!(found, 2, "the rebuilt full-text index finds both sentences");
        let located = "SELECT event || ' ' || name || ' ' || geonames_id || ' ' || precision FROM event_places ORDER BY event";
        assert_eq!(texts(&conn, located), ["1 Kyiv 703448 city", "3 Kyiv 703448 city"]);
        assert_eq!(texts(&conn, "SELECT name FROM places"), ["Kyiv"], "the two events share one place row");

        // Version 6's triggers take a replaced document out of the record
        // as version 5's did: one article, one source and one mention less.
        conn.execute_batch("DELETE FROM events WHERE sentence = 2").unwrap();
        let after = records(&conn);
        assert_eq!((after[0].5, after[0].6, after[0].7), (1, 1, 1), "{after:?}");
        assert_eq!(after[0].8, "2026-01-01T00:00:00Z", "first seen is the remaining article's");
        conn.execute_batch("DELETE FROM events WHERE sentence = 1").unwrap();
        assert!(records(&conn).is_empty(), "a record whose last mention goes is deleted");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
