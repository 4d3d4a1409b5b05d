//! HTML, feed and WARC inputs through `dyad code` and `dyad ingest`, and
//! `dyad export` of what was stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-cli-sources-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources/tests/data/html")
}

#[test]
fn html_page_by_extension_and_by_flag() {
    let page = pages().join("07-prisoner-swap.html");
    let out = dyad(&["code", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\"date\":\"2025-10-08\"") && stdout.contains("UKR"), "{stdout}");
    assert!(!stdout.contains("cookies"), "no boilerplate reaches the coder");
    let dir = scratch("flag");
    let renamed = dir.join("page.dat");
    std::fs::copy(&page, &renamed).unwrap();
    let out = dyad(&["code", "--input-format", "html", renamed.to_str().unwrap()]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), stdout.replace("\"07-prisoner-swap\"", "\"page\""));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn feed_items_are_documents() {
    let dir = scratch("feed");
    let feed = dir.join("world.rss");
    std::fs::write(
        &feed,
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Egypt meets Kenya</title><link>https://desk.example/1</link><description>Egypt met with Kenya in Cairo on Monday.</description><pubDate>Mon, 08 Sep 2025 10:00:00 GMT</pubDate></item>
</channel></rss>"#,
    )
    .unwrap();
    let out = dyad(&["code", feed.to_str().unwrap(), "--format", "tsv"]);
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert!(tsv.lines().any(|l| l.starts_with("2025-09-08\tEGY") && l.contains("\t040\t")), "{tsv}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ingest_html_directory_then_export() {
    let dir = scratch("export");
    let db = dir.join("d.db");
    let out = dyad(&["ingest", pages().to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let gdelt = String::from_utf8(dyad(&["export", "--db", db.to_str().unwrap(), "--format", "gdelt"]).stdout).unwrap();
    assert!(gdelt.lines().count() > 20);
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let parquet = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "parquet"]);
    assert_eq!(parquet.status.code(), Some(2), "Parquet without -o DIR is a usage error");
    let out_dir = dir.join("pq");
    let parquet = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "parquet", "-o", out_dir.to_str().unwrap()]);
    assert!(parquet.status.success());
    assert!(out_dir.join("events").is_dir() && out_dir.join("mentions").is_dir());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A WARC page without article text costs that record only: one error
/// line names the file and the record, and the pages around it are coded
/// and stored.
#[test]
fn a_bad_warc_record_fails_alone() {
    use dyad_sources::warc::write_response_record;
    let dir = scratch("warc");
    let archive = dir.join("crawl.warc");
    let date = chrono::DateTime::parse_from_rfc3339("2025-06-02T09:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let page = |body: &str| format!("<html><body><article><h1>Talks</h1><p>{body}</p></article></body></html>");
    let mut bytes = Vec::new();
    let first = page("Egypt met with Kenya in Cairo on Monday to discuss trade across the region and new routes for grain.");
    write_response_record(&mut bytes, "https://a.example/one", date, &first).unwrap();
    write_response_record(&mut bytes, "https://a.example/empty", date, "<html><body><nav>Home</nav></body></html>").unwrap();
    let third = page("Chile condemned Peru on Tuesday over the arrest of two fishermen in disputed waters near the border.");
    write_response_record(&mut bytes, "https://b.example/three", date, &third).unwrap();
    std::fs::write(&archive, bytes).unwrap();

    let out = dyad(&["code", archive.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("crawl.warc")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("crawl.warc: record 2: no article text found"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("https://a.example/one") && stdout.contains("https://b.example/three"), "{stdout}");

    let db = dir.join("dyad.db");
    let out = dyad(&["ingest", archive.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let documents: i64 = rusqlite::Connection::open(&db).unwrap().query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(documents, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
