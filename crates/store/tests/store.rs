//! The store end to end on the example articles: ingest, idempotence,
//! replacement, filters (checked against a plain scan), pages, timelines.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dyad::{Coder, Document};
use dyad_store::ingest::{ingest, Options, Stats};
use dyad_store::{Cursor, Filter, Interval, Reader, StoreError, StoredEvent};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-store-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("dyad.db")
}

fn examples() -> Vec<Document> {
    dyad::examples::articles()
        .into_iter()
        .map(|(name, text)| dyad::document::read_article(name, name.trim_end_matches(".txt"), text.as_bytes()).unwrap())
        .collect()
}

fn run(db: &std::path::Path, coder: &Coder, docs: Vec<Document>) -> Stats {
    ingest(db, coder, docs, &Options::default(), &|_| {}).unwrap()
}

fn all(reader: &Reader, f: &Filter) -> Vec<StoredEvent> {
    let (mut out, mut cursor) = (Vec::new(), None);
    loop {
        let page = reader.events(f, cursor.as_ref(), 7).unwrap();
        out.extend(page.events);
        match page.next_cursor {
            Some(c) => cursor = Some(Cursor::parse("cursor", &c).unwrap()),
            None => return out,
        }
    }
}

fn table_counts(db: &std::path::Path) -> BTreeMap<&'static str, i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    ["documents", "sentences", "events", "mentions", "dyads", "sentences_fts"]
        .into_iter()
        .map(|t| (t, conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()))
        .collect()
}

/// The trigger-kept dyad totals equal a recount from the events.
fn assert_dyads_consistent(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let diff: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
                SELECT dyad_a, dyad_b, count(*) n, sum(quad_class = 4) q4 FROM events WHERE dyad_a IS NOT NULL GROUP BY 1, 2
                EXCEPT SELECT a, b, events, q4 FROM dyads)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let extra: i64 = conn
        .query_row(
            "SELECT count(*) FROM dyads y WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dyad_a = y.a AND e.dyad_b = y.b)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((diff, extra), (0, 0), "dyads table out of step with events");
    let days: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM (
                SELECT dyad_a, dyad_b, date, count(*), sum(quad_class = 1), sum(quad_class = 3) FROM events
                WHERE dyad_a IS NOT NULL AND date IS NOT NULL GROUP BY 1, 2, 3
                EXCEPT SELECT a, b, date, events, q1, q3 FROM dyad_days))
             + (SELECT count(*) FROM dyad_days y WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dyad_a = y.a AND e.dyad_b = y.b AND e.date = y.date))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(days, 0, "dyad_days out of step with events");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')", []).unwrap();
}

#[test]
fn ingest_is_idempotent_and_replaces_changed_documents() {
    let coder = Coder::builtin().unwrap();
    let db = scratch("idempotent");
    let docs = examples();
    let first = run(&db, &coder, docs.clone());
    assert_eq!((first.total, first.stored, first.done, first.committed), (docs.len(), docs.len(), docs.len(), docs.len()));
    assert!(first.events > 10, "{first:?}");
    let before = table_counts(&db);
    let reader = Reader::open(&db).unwrap();
    let ids_before: Vec<i64> = all(&reader, &Filter::default()).iter().map(|e| e.id).collect();
    assert_eq!(ids_before.len() as i64, before["events"]);

    // The same documents again: nothing written.
    let again = run(&db, &coder, docs.clone());
    assert_eq!((again.unchanged, again.stored, again.events), (docs.len(), 0, 0));
    assert_eq!(table_counts(&db), before);
    assert_eq!(all(&reader, &Filter::default()).iter().map(|e| e.id).collect::<Vec<_>>(), ids_before);

    // Same content under another id: a duplicate, not stored.
    let mut copy = docs[0].clone();
    copy.id = "copy-of-first".into();
    let dup = run(&db, &coder, vec![copy]);
    assert_eq!(dup.duplicates, vec![("copy-of-first".to_string(), docs[0].id.clone())]);
    assert_eq!(table_counts(&db), before);

    // A new version of one document replaces its events and nothing else.
    let mut changed = docs.clone();
    let kremlin = changed.iter_mut().find(|d| d.id == "example-kremlin-talks").unwrap();
    kremlin.text = "Kremlin halts talks\n\nMoscow suspended peace talks with Kyiv on Friday.\n".into();
    let newer = run(&db, &coder, changed);
    assert_eq!((newer.replaced, newer.unchanged), (1, docs.len() - 1));
    let doc = reader.document("example-kremlin-talks").unwrap().unwrap();
    assert!(doc.text.starts_with("Kremlin halts talks"));
    assert_eq!(doc.sentences.len(), 2);
    assert!(doc.events.iter().all(|e| e.event.sentence_index < 2));
    for other in docs.iter().filter(|d| d.id != "example-kremlin-talks") {
        let stored = reader.document(&other.id).unwrap().unwrap();
        let coded = coder.code(other);
        assert_eq!(stored.text, other.text, "{} text put back together", other.id);
        assert_eq!(stored.events.iter().map(|e| e.event.clone()).collect::<Vec<_>>(), coded, "{} round trip", other.id);
    }
    assert_dyads_consistent(&db);

    // Re-coding rewrites every document but keeps their number.
    let recoded = ingest(&db, &coder, docs.clone(), &Options { recode: true, ..Options::default() }, &|_| {}).unwrap();
    assert_eq!(recoded.replaced, docs.len());
    assert_eq!(table_counts(&db), before);
    assert_dyads_consistent(&db);
}

/// Does `code` start with `prefix`?
fn has(code: Option<&str>, prefix: &str) -> bool {
    code.is_some_and(|c| c.starts_with(prefix))
}

fn matches(e: &StoredEvent, f: &Filter) -> bool {
    let ev = &e.event;
    let (s, t) = (ev.source.as_ref().map(|a| &*a.code), ev.target.as_ref().map(|a| &*a.code));
    f.source.as_ref().is_none_or(|p| has(s, p))
        && f.target.as_ref().is_none_or(|p| has(t, p))
        && f.dyad.as_ref().is_none_or(|(a, b)| (has(s, a) && has(t, b)) || (has(s, b) && has(t, a)))
        && (f.roots.is_empty() || f.roots.contains(&ev.root))
        && (f.cameo.is_empty() || f.cameo.iter().any(|c| ev.cameo.starts_with(c.as_str())))
        && (f.quads.is_empty() || f.quads.contains(&ev.quad_class))
        && f.since.is_none_or(|d| ev.date.is_some_and(|x| x >= d))
        && f.until.is_none_or(|d| ev.date.is_some_and(|x| x <= d))
        && (f.modalities.is_empty() || f.modalities.contains(&ev.modality))
}

#[test]
fn filters_pages_and_timelines_agree_with_a_scan() {
    let coder = Coder::builtin().unwrap();
    let db = scratch("filters");
    let mut docs = examples();
    // An undated document: its events sort after every dated one.
    docs.push(Document::from_text("undated", "Russia threatened Ukraine with new strikes. Ukraine rejected the Russian demands.", None));
    // Briefings where most sentences say "talks": enough matches that a
    // full-text page walks the events instead of collecting the matches.
    for i in 0..40 {
        let text = format!("Talks briefing {i}\n\n{}", "Russia held talks with Ukraine. Ukraine rejected the talks offer. ".repeat(6));
        docs.push(Document::from_text(format!("briefing-{i}"), text, chrono::NaiveDate::from_ymd_opt(2025, 10, 1 + i % 28)));
    }
    run(&db, &coder, docs);
    let reader = Reader::open(&db).unwrap();
    let everything = all(&reader, &Filter::default());
    assert!(everything.len() > 20);
    let keys: Vec<_> = everything.iter().map(|e| (e.event.date, e.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => (y, b.1).cmp(&(x, a.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.1.cmp(&a.1),
    });
    assert_eq!(keys, sorted, "newest first, undated last");
    assert!(everything.last().unwrap().event.date.is_none());

    let cases: &[&[(&str, &str)]] = &[
        &[("source", "RUS")],
        &[("source", "RUSGOV")],
        &[("source", "R")],
        &[("target", "UKR")],
        &[("dyad", "RUS,UKR")],
        &[("dyad", "UKR,RUSGOV")],
        &[("dyad", "USA,RUS"), ("quad", "3,4")],
        &[("root", "04,16")],
        &[("cameo", "057,12")],
        &[("cameo", "0")],
        &[("modality", "negated,future")],
        &[("since", "2025-09-10"), ("until", "2025-09-30")],
        &[("source", "RUS"), ("root", "12")],
    ];
    let mut nonempty = 0;
    for case in cases {
        let mut f = Filter::default();
        for (k, v) in *case {
            if f.set(k, v).is_err() {
                assert_eq!(*case, &[("cameo", "0")][..], "only the one-digit cameo prefix is refused");
                continue;
            }
        }
        let got: Vec<i64> = all(&reader, &f).iter().map(|e| e.id).collect();
        let want: Vec<i64> = everything.iter().filter(|e| matches(e, &f)).map(|e| e.id).collect();
        assert_eq!(got, want, "filter {case:?}");
        nonempty += usize::from(!got.is_empty());

        // A timeline counts exactly the dated events of the filter.
        let (interval, periods) = reader.timeline(&f, Interval::Week).unwrap();
        assert_eq!(interval, Interval::Week);
        let dated = everything.iter().filter(|e| matches(e, &f) && e.event.date.is_some()).count() as u64;
        assert_eq!(periods.iter().map(|p| p.totals.events).sum::<u64>(), dated, "timeline {case:?}");
        assert!(periods.iter().all(|p| p.totals.q1 + p.totals.q2 + p.totals.q3 + p.totals.q4 == p.totals.events));
        assert!(periods.windows(2).all(|w| w[1].start == w[0].start + chrono::Duration::days(7)), "weeks are contiguous");
    }
    assert!(nonempty >= 8, "the examples exercise most filters ({nonempty})");

    for (text, dyad) in [("talks", None), ("talks", Some("RUS,UKR")), ("Kremlin", None), ("ceasefire", Some("ISR,PSE"))] {
        let mut f = Filter::default();
        f.set("text", text).unwrap();
        let word = text.to_lowercase();
        let want: Vec<i64> = everything.iter().filter(|e| e.event.sentence.to_lowercase().contains(&word[..4])).map(|e| e.id).collect();
        if let Some(d) = dyad {
            f.set("dyad", d).unwrap();
            let with_dyad: Vec<i64> = all(&reader, &f).iter().map(|e| e.id).collect();
            assert!(with_dyad.iter().all(|id| want.contains(id)), "{text} {d}");
            continue;
        }
        let got: Vec<i64> = all(&reader, &f).iter().map(|e| e.id).collect();
        assert!(!got.is_empty(), "{text}");
        assert_eq!(got, want, "full text {text:?} (porter stemming: talks ~ talk)");
    }
    let mut f = Filter::default();
    f.set("text", "\"unbalanced").unwrap();
    match reader.events(&f, None, 10) {
        Err(StoreError::Param(p)) => assert_eq!(p.name, "text"),
        other => panic!("expected a text parameter error, got {other:?}"),
    }

    let (_, monthly) = reader.timeline(&Filter::default(), Interval::Month).unwrap();
    assert!(monthly.iter().all(|p| p.start.format("%d").to_string() == "01"));
    let dyads = reader.top_dyads(3).unwrap();
    assert!(!dyads.is_empty() && dyads.len() <= 3);
    assert!(dyads.windows(2).all(|w| w[0].totals.events >= w[1].totals.events));
    let mut pair = Filter::default();
    pair.set("dyad", &format!("{},{}", dyads[0].a, dyads[0].b)).unwrap();
    assert_eq!(all(&reader, &pair).len() as u64, dyads[0].totals.events);

    let first = &everything[0];
    let detail = reader.event(first.id).unwrap().unwrap();
    assert_eq!(detail.event, *first);
    let doc = reader.document(&detail.document.id).unwrap().unwrap();
    let sentence: String = doc.text.chars().skip(first.sentence_start).take(first.sentence_end - first.sentence_start).collect();
    assert_eq!(sentence, &*first.event.sentence, "sentence offsets are character offsets into the text");
    assert!(reader.event(-1).unwrap().is_none());
    assert!(reader.document("no such document").unwrap().is_none());
    assert_eq!(reader.counts().unwrap().events, everything.len() as u64);
}

#[test]
fn a_missing_database_is_named() {
    let db = scratch("missing").with_file_name("absent.db");
    let err = Reader::open(&db).err().expect("no database there");
    assert!(err.to_string().contains("absent.db"), "{err}");
}

/// Writes the rows of the store at `from` into a new version 1 file at
/// `to`, as dyad 0.1 with schema version 1 would have stored them.
fn write_version_1(from: &std::path::Path, to: &std::path::Path) {
    let conn = rusqlite::Connection::open(to).unwrap();
    conn.execute_batch(include_str!("../src/schema/v1.sql")).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute("ATTACH ?1 AS v2", [from.to_str().unwrap()]).unwrap();
    conn.execute_batch(
        "INSERT INTO documents SELECT d.id, d.doc_id, d.content_hash, d.date, d.title, d.url, d.source, t.text, d.sentences, d.events,
             d.coder, d.ingested_at FROM v2.documents d JOIN v2.document_texts t ON t.id = d.id;
         INSERT INTO sentences SELECT id, doc, idx, start, end, headline, text FROM v2.sentences;
         INSERT INTO events SELECT id, doc, sentence_index, date, date_precision,
             source_code, source_country, source_sector, source_name, source_text, source_start, source_end,
             target_code, target_country, target_sector, target_name, target_text, target_start, target_end,
             cameo, root, quad_class, goldstein, plover_type, plover_mode, plover_context,
             action_text, action_start, action_end, modality, quote_text,
             speaker_code, speaker_country, speaker_sector, speaker_name, speaker_text, speaker_start, speaker_end,
             mentions, headline FROM v2.event_rows ORDER BY id;
         INSERT INTO mentions SELECT * FROM v2.mentions;
         INSERT INTO actors SELECT code, name, country, sector FROM v2.actors;
         INSERT INTO cameo SELECT * FROM v2.cameo;",
    )
    .unwrap();
}

#[test]
fn a_version_1_file_migrates_without_loss() {
    let coder = Coder::builtin().unwrap();
    let current = scratch("migrate-current");
    let docs = examples();
    run(&current, &coder, docs.clone());
    let old = scratch("migrate-v1");
    write_version_1(&current, &old);
    let version = |db: &std::path::Path| -> i64 {
        rusqlite::Connection::open(db).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    };
    assert_eq!(version(&old), 1);

    drop(Reader::open(&old).unwrap());
    assert_eq!(version(&old), dyad_store::SCHEMA_VERSION);
    // Version 1 had no places: the migrated events have no location rows.
    // Copying the current file's rows over (by event id) must make the two
    // files read the same, so the steps kept every event's id.
    let conn = rusqlite::Connection::open(&old).unwrap();
    assert_eq!(conn.query_row("SELECT count(*) FROM event_locations", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    conn.execute("ATTACH ?1 AS cur", [current.to_str().unwrap()]).unwrap();
    conn.execute("INSERT INTO places SELECT * FROM cur.places", []).unwrap();
    let copied = conn.execute("INSERT INTO event_locations SELECT * FROM cur.event_locations", []).unwrap();
    assert!(copied > 0, "the examples have located events");
    drop(conn);
    let (now, migrated) = (Reader::open(&current).unwrap(), Reader::open(&old).unwrap());
    for doc in &docs {
        let json = |r: &Reader| serde_json::to_value(r.document(&doc.id).unwrap().unwrap()).unwrap();
        assert_eq!(json(&migrated), json(&now), "{}", doc.id);
        assert_eq!(migrated.document(&doc.id).unwrap().unwrap().text, doc.text);
    }
    let mut quoted = Filter::default();
    quoted.set("text", "talks OR ceasefire").unwrap();
    for f in [Filter::default(), quoted] {
        assert_eq!(all(&migrated, &f), all(&now, &f));
    }
    assert_eq!(migrated.top_dyads(50).unwrap(), now.top_dyads(50).unwrap());
    assert_eq!(table_counts(&old), table_counts(&current));
    assert_dyads_consistent(&old);
}

#[test]
fn a_query_past_its_time_limit_is_stopped() {
    let coder = Coder::builtin().unwrap();
    let db = scratch("time-limit");
    run(&db, &coder, examples());
    let reader = Reader::open(&db).unwrap();
    let mut every_asserted = Filter::default();
    every_asserted.set("modality", "asserted").unwrap();
    reader.limit_time(Some(std::time::Duration::ZERO));
    assert!(matches!(reader.timeline(&every_asserted, Interval::Day), Err(StoreError::TooSlow)));
    reader.limit_time(None);
    assert!(!reader.timeline(&every_asserted, Interval::Day).unwrap().1.is_empty());
}
