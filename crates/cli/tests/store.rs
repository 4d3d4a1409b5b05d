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
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", input.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
