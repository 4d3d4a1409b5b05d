//! Event records across documents and story clusters, end to end through
//! ingest: 50 articles, each republished by the same 20 outlets, give 50
//! story clusters and records whose mentions come from 20 sources.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dyad::{Coder, Document, NaiveDate};
use dyad_store::ingest::{ingest, Options};
use dyad_store::{Reader, RecordFilter};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-records-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("dyad.db")
}

const COUNTRIES: [&str; 10] = ["France", "Germany", "Spain", "Italy", "Egypt", "Kenya", "Brazil", "Chile", "Japan", "India"];
const ACTS: [&str; 5] = ["accused {B} of breaking the agreement", "condemned {B}", "met with {B}", "criticised {B}", "praised {B}"];
const WORDS: &str = "harbour river market winter school bridge valley station tower garden engine signal coast forest island budget \
    museum airport village factory library quarter meadow canal orchard tunnel summit harvest festival ferry cargo pension \
    railway council ledger vineyard quarry lantern bakery pottery textile granary lighthouse junction reservoir plaza kiosk";

/// A deterministic stream of words (a linear congruential generator over
/// the word list), so that different articles share almost no word pairs.
fn filler(seed: u64, n: usize) -> String {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            words[(state >> 33) as usize % words.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(i: usize) -> (String, NaiveDate) {
    let a = COUNTRIES[i % 10];
    let b = COUNTRIES[(i / 10 + i + 1) % 10];
    let act = ACTS[i % 5].replace("{B}", b);
    let body = format!(
        "{a} {act} on Monday.\n\nThe {} officials spoke of the {}.\n\nLocal papers described the {}.",
        filler(i as u64, 3),
        filler(1000 + i as u64, 14),
        filler(2000 + i as u64, 14)
    );
    (body, NaiveDate::from_ymd_opt(2025, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap())
}

/// Article `i` as outlet `o` publishes it: its own URL and credit line.
fn republished(i: usize, o: usize) -> Document {
    let (body, date) = article(i);
    let url = format!("https://outlet{o:02}.example/world/story-{i}");
    Document {
        id: url.clone(),
        date: Some(date),
        url: Some(url),
        source: Some(format!("outlet{o:02}.example")),
        title: None,
        text: format!("{body}\n\nReported for outlet {o} by its staff."),
        origin: None,
    }
}

#[test]
fn fifty_stories_from_twenty_outlets() {
    let db = scratch("dedup");
    let coder = Coder::builtin().unwrap();
    let docs: Vec<Document> = (0..50).flat_map(|i| (0..20).map(move |o| republished(i, o))).collect();
    let stats = ingest(&db, &coder, docs.clone(), &Options::default(), &|_| {}).unwrap();
    assert_eq!(stats.stored, 1000);
    let reader = Reader::open(&db).unwrap();
    assert_eq!(reader.story_count().unwrap(), 50);
    let records = reader.records(&RecordFilter::default(), 0, 10_000).unwrap();
    assert!(records.len() >= 50, "every article codes at least one event: {} records", records.len());
    for r in &records {
        assert_eq!((r.num_sources, r.num_stories), (20, r.num_articles / 20), "{r:?}");
    }
    let first = &records[0];
    let mentions = reader.record_mentions(first.id).unwrap();
    assert_eq!(mentions.iter().map(|m| m.mentions).sum::<i64>(), first.num_mentions);
    assert_eq!(mentions.iter().map(|m| m.outlet.as_str()).collect::<BTreeSet<_>>().len(), 20);
    let min20 = RecordFilter { min_sources: Some(20), ..RecordFilter::default() };
    assert_eq!(reader.records(&min20, 0, 10_000).unwrap().len(), records.len());
    let min21 = RecordFilter { min_sources: Some(21), ..RecordFilter::default() };
    assert!(reader.records(&min21, 0, 10_000).unwrap().is_empty());

    // Ingesting again changes nothing.
    let again = ingest(&db, &coder, docs.clone(), &Options::default(), &|_| {}).unwrap();
    assert_eq!(again.unchanged, 1000);
    assert_eq!(reader.records(&RecordFilter::default(), 0, 10_000).unwrap(), records);

    // One outlet rewrites its copy of article 0 into another story: the
    // records of article 0 lose that outlet, in the same write.
    let mut changed = republished(0, 7);
    changed.text = "Japan praised India on Monday.\n\nA different report altogether.".to_string();
    let after = ingest(&db, &coder, vec![changed], &Options::default(), &|_| {}).unwrap();
    assert_eq!(after.replaced, 1);
    let old = reader.record(first.id).unwrap().expect("19 outlets still report it");
    assert_eq!((old.num_sources, old.num_articles), (19, first.num_articles - 1));
    assert_eq!(reader.story_count().unwrap(), 51);
    assert_counts_are_a_recount(&db);
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}

/// (CAMEO code, sources, mentions, location) of every record, in key
/// order.
fn record_counts(conn: &rusqlite::Connection) -> Vec<(String, i64, i64, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT cameo, num_sources, num_mentions, location FROM event_records
             ORDER BY date, source_code, target_code, cameo, modality, location",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

/// One meeting reported by four outlets, three placing it in Cairo and one
/// in Nairobi.
fn meetings() -> Vec<Document> {
    ["Cairo", "Cairo", "Cairo", "Nairobi"]
        .into_iter()
        .enumerate()
        .map(|(o, city)| {
            let url = format!("https://outlet{o:02}.example/africa/summit");
            Document {
                id: url.clone(),
                date: NaiveDate::from_ymd_opt(2025, 9, 8),
                url: Some(url),
                source: Some(format!("outlet{o:02}.example")),
                title: None,
                text: format!("Egypt met with Kenya in {city} on Monday.\n\nOutlet {o} filed this report on the summit."),
                origin: None,
            }
        })
        .collect()
}

#[test]
fn one_act_at_two_places_is_two_records() {
    let db = scratch("places");
    let coder = Coder::builtin().unwrap();
    ingest(&db, &coder, meetings(), &Options::default(), &|_| {}).unwrap();
    let reader = Reader::open(&db).unwrap();
    let meeting_records = |reader: &Reader| -> Vec<(String, i64, i64)> {
        let records = reader.records(&RecordFilter::default(), 0, 100).unwrap();
        let meetings = records.into_iter().filter(|r| r.cameo.starts_with("04") && r.source_code.as_deref() == Some("EGY"));
        meetings.map(|r| (r.location.unwrap_or_default(), r.num_sources, r.num_articles)).collect()
    };
    let found = meeting_records(&reader);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0.starts_with("Cairo #") && found[0].1 == 3 && found[0].2 == 3, "{found:?}");
    assert!(found[1].0.starts_with("Nairobi #") && found[1].1 == 1, "{found:?}");
    assert_counts_are_a_recount(&db);

    // The Nairobi outlet corrects its page: one record of four sources.
    let mut corrected = meetings().pop().unwrap();
    corrected.text = corrected.text.replace("Nairobi", "Cairo");
    ingest(&db, &coder, vec![corrected], &Options::default(), &|_| {}).unwrap();
    let found = meeting_records(&reader);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.starts_with("Cairo #") && found[0].1 == 4, "{found:?}");
    assert_counts_are_a_recount(&db);
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}

/// The counts the triggers keep step by step equal the counts of the rows
/// they stand for.
fn assert_counts_are_a_recount(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let differing: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_records r WHERE
                 num_mentions != (SELECT sum(e.mentions) FROM event_mentions m JOIN events e ON e.id = m.event WHERE m.record = r.id)
              OR num_articles != (SELECT count(*) FROM record_articles WHERE record = r.id)
              OR num_sources != (SELECT count(DISTINCT o.outlet) FROM record_articles a JOIN document_outlets o ON o.doc = a.doc WHERE a.record = r.id)
              OR first_seen != (SELECT min(o.seen) FROM record_articles a JOIN document_outlets o ON o.doc = a.doc WHERE a.record = r.id)
              OR last_seen != (SELECT max(o.seen) FROM record_articles a JOIN document_outlets o ON o.doc = a.doc WHERE a.record = r.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(differing, 0, "records whose counts differ from a recount");
    let outlets_off: i64 = conn
        .query_row(
            "SELECT count(*) FROM record_outlets r WHERE articles !=
                 (SELECT count(*) FROM record_articles a JOIN document_outlets o ON o.doc = a.doc WHERE a.record = r.record AND o.outlet = r.outlet)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outlets_off, 0, "outlet rows whose article counts differ from a recount");
    let misplaced: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_mentions m JOIN event_records r ON r.id = m.record LEFT JOIN event_places l ON l.event = m.event
             WHERE r.location != coalesce(l.name || ' #' || l.geonames_id, l.name, '')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(misplaced, 0, "mentions in a record of another location");
}

#[test]
fn records_of_an_older_file_are_built_on_open() {
    let db = scratch("migrate");
    let coder = Coder::builtin().unwrap();
    let docs = (0..3).map(|o| republished(1, o)).chain(meetings());
    ingest(&db, &coder, docs, &Options::default(), &|_| {}).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let expected = record_counts(&conn);
    assert!(expected.iter().any(|(_, _, _, location)| location.starts_with("Cairo #")), "{expected:?}");
    assert!(!expected.is_empty());
    // Back to version 3, before the records steps (v4, v5 keying them on
    // locations, v6 naming each event's record): drop what they made.
    // Version 3's events have no record column and spell out PLOVER
    // categories, modalities and precisions; its event_locations hold each
    // place's columns.
    conn.execute_batch(
        "DROP TRIGGER events_records_insert; DROP TRIGGER events_records_delete; DROP VIEW event_record_keys;
         CREATE TABLE event_locations_v3 AS SELECT * FROM event_places;
         DROP VIEW event_places; DROP TABLE event_locations; DROP TABLE places;
         ALTER TABLE event_locations_v3 RENAME TO event_locations;
         DROP TABLE event_records; DROP TABLE record_articles; DROP TABLE record_outlets;
         DROP VIEW event_mentions; DROP VIEW document_outlets; ALTER TABLE events DROP COLUMN record;
         DROP VIEW event_rows;
         ALTER TABLE events ADD COLUMN plover_type TEXT;
         ALTER TABLE events ADD COLUMN plover_mode TEXT;
         ALTER TABLE events ADD COLUMN plover_context TEXT;
         UPDATE events SET plover_type = k.type, plover_mode = k.mode, plover_context = k.context FROM plover_kinds k WHERE k.id = events.plover;
         ALTER TABLE events DROP COLUMN plover; DROP TABLE plover_kinds;
         ALTER TABLE events ADD COLUMN modality_v3 TEXT; UPDATE events SET modality_v3 = modality;
         ALTER TABLE events DROP COLUMN modality; ALTER TABLE events DROP COLUMN modality_id;
         ALTER TABLE events RENAME COLUMN modality_v3 TO modality;
         ALTER TABLE events ADD COLUMN precision_v3 TEXT; UPDATE events SET precision_v3 = date_precision;
         ALTER TABLE events DROP COLUMN date_precision; ALTER TABLE events DROP COLUMN precision_id;
         ALTER TABLE events RENAME COLUMN precision_v3 TO date_precision;
         DROP TABLE document_stories; DROP TABLE story_bands;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    let _reader = Reader::open(&db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rebuilt = record_counts(&conn);
    assert_eq!(rebuilt, expected);
    assert_counts_are_a_recount(&db);
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}
