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
