//! Every export format over a small store: three outlets report one
//! article, a fourth another.

use std::path::{Path, PathBuf};
use std::process::Command;

use dyad::{Coder, Document, NaiveDate};
use dyad_export::{export_parquet, export_to, gdelt, ExportFormat};
use dyad_store::ingest::{ingest, Options};
use dyad_store::{Reader, RecordFilter};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-export-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn doc(outlet: &str, text: &str, date: (i32, u32, u32)) -> Document {
    let url = format!("https://{outlet}/story");
    Document {
        id: url.clone(),
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
        url: Some(url),
        source: Some(outlet.to_string()),
        title: None,
        text: text.to_string(),
        origin: None,
    }
}

fn store(dir: &Path) -> PathBuf {
    let db = dir.join("dyad.db");
    let talks = "Egypt met with Kenya in Cairo on Monday.";
    let docs = vec![
        doc("a.example", talks, (2025, 9, 8)),
        doc("b.example", talks, (2025, 9, 8)),
        doc("c.example", talks, (2025, 9, 8)),
        doc("d.example", "Spain condemned Italy on Tuesday.", (2025, 10, 14)),
    ];
    ingest(&db, &Coder::builtin().unwrap(), docs, &Options::default(), &|_| {}).unwrap();
    db
}

fn export(reader: &Reader, filter: &RecordFilter, format: ExportFormat) -> String {
    let mut out = Vec::new();
    export_to(reader, filter, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn gdelt_events_and_mentions() {
    let dir = scratch("gdelt");
    let reader = Reader::open(&store(&dir)).unwrap();
    let events = export(&reader, &RecordFilter::default(), ExportFormat::Gdelt);
    let rows: Vec<Vec<&str>> = events.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{events}");
    assert!(rows.iter().all(|r| r.len() == 61));
    let meet = rows.iter().find(|r| r[26] == "040").expect("the meeting record");
    assert_eq!((meet[1], meet[2], meet[3], meet[5], meet[15]), ("20250908", "202509", "2025", "EGY", "KEN"));
    assert_eq!((meet[31], meet[32], meet[33]), ("3", "3", "3"));
    assert_eq!((meet[29], meet[30]), ("1", "1.0"));
    assert_eq!(meet[60], "https://a.example/story");
    let mentions = export(&reader, &RecordFilter::default(), ExportFormat::GdeltMentions);
    let rows: Vec<Vec<&str>> = mentions.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == gdelt::MENTION_COLUMNS.len()));
    let min3 = RecordFilter { min_sources: Some(3), ..RecordFilter::default() };
    assert_eq!(export(&reader, &min3, ExportFormat::Gdelt).lines().count(), 1);
    let october = RecordFilter { since: Some("2025-10-01".into()), until: Some("2025-10-31".into()), ..RecordFilter::default() };
    assert!(export(&reader, &october, ExportFormat::Gdelt).contains("\tESP\t"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The column names are facts of the GDELT codebook; the shared reference
/// file lists them (skipped where it is absent).
#[test]
fn gdelt_columns_match_the_reference() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/gdelt-event-columns.tsv");
    let Ok(text) = std::fs::read_to_string(&reference) else {
        println!("skipped: {} not found", reference.display());
        return;
    };
    let names: Vec<&str> = text.lines().skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
    assert_eq!(names, gdelt::EVENT_COLUMNS);
}

#[test]
fn plover_csv_and_tsv() {
    let dir = scratch("plover");
    let reader = Reader::open(&store(&dir)).unwrap();
    let plover = export(&reader, &RecordFilter::default(), ExportFormat::Plover);
    let lines: Vec<serde_json::Value> = plover.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let meet = lines.iter().find(|v| v["event"] == "CONSULT").expect("040 is PLOVER CONSULT");
    assert_eq!((meet["actor"].as_str(), meet["recipient"].as_str(), meet["quad_code"].as_u64()), (Some("EGY"), Some("KEN"), Some(1)));
    assert_eq!(meet["story_ids"].as_array().unwrap().len(), 3);
    let csv = export(&reader, &RecordFilter::default(), ExportFormat::Csv);
    assert!(csv.starts_with("id,date,source_code,source_name,"));
    assert_eq!(csv.lines().count(), 3);
    let tsv = export(&reader, &RecordFilter::default(), ExportFormat::Tsv);
    assert_eq!(tsv.lines().next().unwrap().split('\t').count(), dyad_export::RECORD_COLUMNS.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Parquet files are read back by pyarrow (skipped with a message when
/// Python or pyarrow is missing).
#[test]
fn parquet_partitioned_by_month_reads_back() {
    let dir = scratch("parquet");
    let reader = Reader::open(&store(&dir)).unwrap();
    let out = dir.join("out");
    let files = export_parquet(&reader, &RecordFilter::default(), &out).unwrap();
    assert_eq!(files.len(), 4, "events and mentions, two months each: {files:?}");
    assert!(out.join("events/month=2025-09/part-0.parquet").exists());
    let script = "import sys, pyarrow.dataset as ds\n\
        e = ds.dataset(sys.argv[1] + '/events', format='parquet', partitioning='hive').to_table()\n\
        m = ds.dataset(sys.argv[1] + '/mentions', format='parquet', partitioning='hive').to_table()\n\
        rows = sorted(zip(e['cameo'].to_pylist(), e['num_sources'].to_pylist(), [str(x) for x in e['month'].to_pylist()]))\n\
        print(rows, m.num_rows)\n";
    let has_pyarrow = Command::new("python3").args(["-c", "import pyarrow"]).output().is_ok_and(|o| o.status.success());
    if !has_pyarrow {
        println!("skipped: python3 with pyarrow not found, Parquet files not read back");
    } else {
        let run = Command::new("python3").args(["-c", script, out.to_str().unwrap()]).output().unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(stdout.trim(), "[('040', 3, '2025-09'), ('111', 1, '2025-10')] 4");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
