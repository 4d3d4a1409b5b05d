//! `dyad ingest` and `dyad query` end to end, including an ingest killed
//! half-way and resumed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-cli-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn examples_dir() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").display().to_string()
}

/// `n` distinct documents built from the example articles, as JSON Lines.
fn corpus(path: &Path, n: usize) {
    let articles: Vec<dyad::Document> = dyad::examples::articles()
        .into_iter()
        .map(|(name, text)| dyad::document::read_article(name, name, text.as_bytes()).unwrap())
        .collect();
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let a = &articles[i % articles.len()];
            serde_json::json!({
                "id": format!("doc-{i}"),
                "date": a.date.map(|d| d.to_string()),
                "text": format!("{}\nUpdate {i}: officials gave no further comment.\n", a.text),
            })
            .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n")).unwrap();
}

/// An ingest running in the background, to be killed.
fn spawn_ingest(input: &Path, db: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Everything that must hold in a store, however its writer ended.
fn assert_consistent(db: &Path) {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    assert_eq!(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
    assert_eq!(count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')", []).unwrap();
    let partial = count(
        &conn,
        "SELECT count(*) FROM documents d WHERE d.events != (SELECT count(*) FROM event_rows e WHERE e.doc = d.id)
                                             OR d.sentences != (SELECT count(*) FROM sentences s WHERE s.doc = d.id)",
    );
    assert_eq!(partial, 0, "every stored document has all its events and sentences");
    let off = count(
        &conn,
        "SELECT count(*) FROM (SELECT dyad_a, dyad_b, count(*) FROM events WHERE dyad_a IS NOT NULL GROUP BY 1, 2
                               EXCEPT SELECT a, b, events FROM dyads)",
    );
    assert_eq!(off, 0, "dyad totals match the events");
    let off_days = count(
        &conn,
        "SELECT count(*) FROM (SELECT dyad_a, dyad_b, date, count(*) FROM events WHERE dyad_a IS NOT NULL AND date IS NOT NULL GROUP BY 1, 2, 3
                               EXCEPT SELECT a, b, date, events FROM dyad_days)",
    );
    assert_eq!(off_days, 0, "daily dyad totals match the events");
}

#[test]
fn killed_ingest_leaves_a_consistent_store_and_resumes() {
    let dir = scratch("kill");
    let (input, db) = (dir.join("corpus.jsonl"), dir.join("dyad.db"));
    const N: i64 = 1500;
    corpus(&input, N as usize);
    let mut child = spawn_ingest(&input, &db);
    // Kill as soon as some batches are committed.
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored_at_kill = loop {
        assert!(Instant::now() < deadline, "no batch was committed in time");
        assert!(child.try_wait().unwrap().is_none(), "the ingest finished before it could be killed; make the corpus larger");
        if db.exists() {
            if let Ok(conn) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY) {
                let n = conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)).unwrap_or(0);
                if n >= 200 {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    break n;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let conn = Connection::open(&db).unwrap();
    let stored = count(&conn, "SELECT count(*) FROM documents");
    drop(conn);
    assert!(stored >= stored_at_kill && stored < N, "killed mid-ingest: {stored} of {N} stored");
    assert_consistent(&db);

    // The next run skips what is stored and codes only the rest.
    let out = dyad(&["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    let resumed = format!("{N} documents ({} stored, 0 replaced, {stored} unchanged, 0 duplicates)", N - stored);
    assert!(log.contains(&resumed), "expected {resumed:?} in:\n{log}");
    assert_eq!(count(&Connection::open(&db).unwrap(), "SELECT count(*) FROM documents"), N);
    assert_consistent(&db);
}

#[test]
fn bad_input_is_named_and_stored_documents_stay() {
    let dir = scratch("bad");
    let db = dir.join("dyad.db");
    let db_arg = db.to_str().unwrap();
    assert!(dyad(&["ingest", &examples_dir(), "--db", db_arg]).status.success());
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \"ok\", \"text\": \"Kyiv thanked Warsaw for its support.\"}\nnot json\n{\"id\": \"no-text\"}\n")
        .unwrap();
    let out = dyad(&["ingest", bad.to_str().unwrap(), "--db", db_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:2: not a JSON object"), "{err}");
    assert!(err.contains("bad.jsonl:3: missing required field \"text\""), "{err}");
    assert_eq!(count(&Connection::open(&db).unwrap(), "SELECT count(*) FROM documents"), 6, "the five examples and the good line");
}

#[test]
fn a_panic_costs_its_document_only_and_the_rerun_stores_the_rest_again() {
    let dir = scratch("panic");
    let db = dir.join("dyad.db");
    let input = dir.join("docs.jsonl");
    let marker = dyad::guard::FAULT_MARKER;
    std::fs::write(
        &input,
        format!("{{\"id\": \"ok\", \"text\": \"Kyiv thanked Warsaw.\"}}\n{{\"id\": \"bad\", \"text\": \"{marker}\"}}\n"),
    )
    .unwrap();
    for _ in 0..2 {
        let out = dyad(&["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("docs.jsonl:2: document \"bad\" could not be coded"), "{err}");
        assert_eq!(count(&Connection::open(&db).unwrap(), "SELECT count(*) FROM documents"), 1);
    }
}

#[test]
fn query_filters_and_formats() {
    let dir = scratch("query");
    let db = dir.join("dyad.db");
    let db_arg = db.to_str().unwrap();
    assert!(dyad(&["ingest", &examples_dir(), "--db", db_arg]).status.success());

    let out = dyad(&["query", "--db", db_arg, "--dyad", "RUS,UKR", "--format", "jsonl", "--limit", "0"]);
    assert!(out.status.success());
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!events.is_empty());
    for e in &events {
        let (s, t) = (e["source"]["code"].as_str().unwrap(), e["target"]["code"].as_str().unwrap());
        assert!((s.starts_with("RUS") && t.starts_with("UKR")) || (s.starts_with("UKR") && t.starts_with("RUS")));
        assert!(e.get("id").is_none(), "the output contract, as `dyad code` writes it");
    }
    let out = dyad(&["query", "--db", db_arg, "--root", "16", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("date,source_code,"), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.split(',').nth(8) == Some("16")), "{csv}");
    let out = dyad(&["query", "--db", db_arg, "--text", "ceasefire", "--format", "tsv", "--limit", "2"]);
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() <= 3);
    let out = dyad(&["query", "--db", db_arg, "--dyads", "--top", "3", "--format", "jsonl"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    let out = dyad(&["query", "--db", db_arg, "--since", "12/09/2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));
    let out = dyad(&["query", "--db", dir.join("none.db").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.db: no such database"));
}

/// Every table's rows as sorted text, without what differs between equal
/// stores: row ids (a reference to another row is replaced by that row's
/// own text) and times of writing.
fn canonical_dump(db: &Path) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    // Each row of every table is read through a few statements: prepare
    // them once (a 50,000-document store has millions of rows).
    conn.set_prepared_statement_cache_capacity(256);
    let virtual_tables: Vec<String> = column(&conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'");
    let tables: Vec<String> =
        column(&conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .into_iter()
            .filter(|t| !virtual_tables.iter().any(|v| t == v || t.starts_with(&format!("{v}_"))))
            .collect();
    let mut out = String::new();
    for table in tables {
        let rowids: Vec<i64> = conn
            .prepare(&format!("SELECT rowid FROM \"{table}\""))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .unwrap_or_default();
        let mut rows: Vec<String> = rowids.iter().map(|&id| row_text(&conn, &table, id)).collect();
        if rowids.is_empty() {
            // A table without rowids: every row, its keys included.
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
            rows = stmt
                .query_map([], |r| (0..names.len()).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect())
                .unwrap()
                .map(|values| fields_text(&conn, &table, &names, values.unwrap(), &[]))
                .collect();
        }
        rows.sort();
        out.push_str(&format!("## {table}\n{}\n", rows.join("\n")));
    }
    out
}

fn column(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn row_text(conn: &Connection, table: &str, rowid: i64) -> String {
    let keys: Vec<String> = conn
        .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}') WHERE pk = 1"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE rowid = ?")).unwrap();
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let values: Vec<rusqlite::types::Value> =
        stmt.query_row([rowid], |r| (0..names.len()).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect()).unwrap();
    fields_text(conn, table, &names, values, &keys)
}

/// One row as text: references replaced by the rows they point at, row ids
/// (`keys`) and times of writing left out, so two stores holding the same
/// data compare equal whatever order and time they were written in.
fn fields_text(conn: &Connection, table: &str, names: &[String], values: Vec<rusqlite::types::Value>, keys: &[String]) -> String {
    let refs: Vec<(String, String)> = conn
        .prepare_cached(&format!("SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut fields = Vec::new();
    for (name, value) in names.iter().zip(values) {
        let declared = refs.iter().find(|(from, _)| from == name).map(|(_, target)| target.as_str());
        let reference = declared.or_else(|| undeclared_reference(name));
        if (keys.contains(name) && reference.is_none()) || is_time_of_writing(name) {
            continue;
        }
        match (reference, value) {
            (Some(target), rusqlite::types::Value::Integer(id)) => fields.push(format!("{name}=[{}]", row_text(conn, target, id))),
            (_, value) => fields.push(format!("{name}={value:?}")),
        }
    }
    fields.join("|")
}

/// Columns holding the clock time a row was written (or copies of it, as
/// the records' first and last seen).
fn is_time_of_writing(column: &str) -> bool {
    column.ends_with("_at") || column == "seen" || column.ends_with("_seen")
}

/// Columns that hold another table's row id without declaring it (schema
/// v2 and the records step keep their large tables free of foreign-key
/// checks).
fn undeclared_reference(column: &str) -> Option<&'static str> {
    match column {
        "doc" => Some("documents"),
        "sentence" => Some("sentences"),
        "event" => Some("events"),
        "record" => Some("event_records"),
        "story" => Some("documents"),
        c if c == "actor" || c.ends_with("_actor") => Some("actors"),
        _ => None,
    }
}

/// A corpus in which ids come back with new text and one text comes under
/// two ids: where the order of writing decides what is stored.
fn corpus_with_repeats(path: &Path, n: usize) {
    corpus(path, n);
    let mut text = std::fs::read_to_string(path).unwrap();
    for i in (0..n).step_by(9) {
        let line = serde_json::json!({"id": format!("doc-{i}"), "text": format!("Correction {i}: Kyiv thanked Warsaw for its support.")});
        text.push_str(&format!("\n{line}"));
    }
    let same = serde_json::json!({"id": "copy-of-doc-3-correction", "text": "Correction 0: Kyiv thanked Warsaw for its support."});
    text.push_str(&format!("\n{same}\n"));
    std::fs::write(path, text).unwrap();
}

/// Ingests `input` once without a break, then again into a second file
/// killed (SIGKILL) `kills` times at random points and finally run to the
/// end, and asserts both files hold the same data (canonical dumps equal
/// byte for byte). The kill points come from a seed shown on failure.
fn assert_resume_after_kills_matches_a_clean_run(dir: &Path, input: &Path, kills: usize) {
    let ingest = |db: &Path| dyad(&["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    let clean = dir.join("clean.db");
    let started = Instant::now();
    let out = ingest(&clean);
    let full = started.elapsed();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("id \"doc-0\" came again; the last version is stored"), "{log}");
    let want = canonical_dump(&clean);
    assert!(want.contains("Correction 9: Kyiv"), "the later version of doc-9 is stored");

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64 | 1;
    let db = dir.join("killed.db");
    let mut stored_at_kills = Vec::new();
    let documents = std::fs::read_to_string(input).unwrap().lines().count();
    for (target, extra) in kill_points(seed, kills, documents) {
        let mut child = spawn_ingest(input, &db);
        // Past the target, a random part of a batch's second more, so the
        // kill lands inside an open batch, not only just after a commit.
        let deadline = Instant::now() + full * 2;
        while documents_stored(&db) < target as i64 && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(extra);
        child.kill().unwrap();
        child.wait().unwrap();
        stored_at_kills.push(documents_stored(&db));
    }
    eprintln!("clean run {full:?}; documents stored at each of the {kills} kills: {stored_at_kills:?} (seed {seed})");
    let out = ingest(&db);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got = canonical_dump(&db);
    let first_difference = want.lines().zip(got.lines()).find(|(a, b)| a != b);
    assert!(got == want, "seed {seed}: the resumed store differs from the clean one, first at {first_difference:?}");
}

/// Where each of `kills` runs is killed: once the store holds a number of
/// documents drawn uniformly below `documents` (in rising order, so the
/// kills spread over the whole ingest, each run resuming where the last
/// stopped), plus a delay under a second.
fn kill_points(mut seed: u64, kills: usize, documents: usize) -> Vec<(usize, Duration)> {
    let mut draw = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let mut points: Vec<(usize, Duration)> =
        (0..kills).map(|_| ((draw() * documents as f64) as usize, Duration::from_secs_f64(draw()))).collect();
    points.sort();
    points
}

fn documents_stored(db: &Path) -> i64 {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn kill_points_rise_within_the_documents() {
    let points = kill_points(12345, 5, 1000);
    assert_eq!(points.len(), 5);
    assert!(points.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(points.iter().all(|(n, extra)| *n < 1000 && *extra < Duration::from_secs(1)));
    assert!(points.last().unwrap().0 > 0);
}

#[test]
fn a_store_resumed_after_five_kills_equals_an_uninterrupted_one() {
    let dir = scratch("resume");
    let input = dir.join("corpus.jsonl");
    corpus_with_repeats(&input, 200);
    assert_resume_after_kills_matches_a_clean_run(&dir, &input, 5);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The figure: 50,000 article-sized documents, five kills. Half
/// an hour on a busy 2-core machine in a release build: `cargo test --release -p dyad-cli --test store --
/// --ignored --nocapture fifty_thousand` (`DYAD_RESUME_DOCS` sets the
/// number of documents).
#[test]
#[ignore]
fn fifty_thousand_documents_resumed_after_five_kills_equal_an_uninterrupted_run() {
    let n = std::env::var("DYAD_RESUME_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(50_000);
    let dir = scratch("resume-large");
    let input = dir.join("corpus.jsonl");
    corpus_with_repeats(&input, n);
    assert_resume_after_kills_matches_a_clean_run(&dir, &input, 5);
    std::fs::remove_dir_all(&dir).unwrap();
}
