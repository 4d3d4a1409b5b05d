//! Writes a gzipped WARC of generated news pages, for the ingest
//! throughput figure (docs/sources.md):
//!
//! ```sh
//! cargo run --release -p dyad-sources --example make-warc -- 10000 /tmp/news.warc.gz
//! ```
//!
//! Each page has navigation, a cookie banner, a related-stories box and a
//! footer around four paragraphs built from country names and acts, so
//! that every page codes to a few events.

use std::fs::File;
use std::io::{BufWriter, Write};

use chrono::{DateTime, Duration, Utc};
use dyad_sources::warc::write_response_record;

const COUNTRIES: [&str; 12] =
    ["France", "Germany", "Spain", "Italy", "Egypt", "Kenya", "Brazil", "Chile", "Japan", "India", "Poland", "Ghana"];
const ACTS: [&str; 6] = ["met with", "condemned", "accused", "praised", "criticised", "signed an agreement with"];

fn page(i: usize) -> String {
    let c = |k: usize| COUNTRIES[(i * 7 + k * 5) % COUNTRIES.len()];
    let act = |k: usize| ACTS[(i + k) % ACTS.len()];
    let paragraphs: String = (0..4)
        .map(|k| format!("<p>{} {} {} on Monday, officials in both capitals said in statements issued late in the evening (report {i}, part {k}).</p>", c(k), act(k), c(k + 1)))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>{a} and {b}: report {i} | Daily Example</title>\
         <meta property=\"article:published_time\" content=\"2025-{m:02}-{d:02}T08:00:00Z\"></head><body>\
         <header><nav><a href=\"/\">Home</a><a href=\"/world\">World</a><a href=\"/business\">Business</a></nav></header>\
         <div class=\"cookie-banner\"><p>We use cookies to improve your experience.</p><button>Accept</button></div>\
         <article><h1>{a} and {b}: report {i}</h1>{paragraphs}</article>\
         <aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/r/{i}\">More from the region</a></li></ul></aside>\
         <footer><p>All rights reserved.</p></footer></body></html>",
        a = c(0),
        b = c(1),
        m = 1 + i % 12,
        d = 1 + i % 28,
    )
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(path)) = (args.next().and_then(|n| n.parse::<usize>().ok()), args.next()) else {
        eprintln!("usage: make-warc PAGES OUT.warc.gz");
        std::process::exit(2);
    };
    let mut out = BufWriter::new(File::create(&path)?);
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").expect("a valid date").with_timezone(&Utc);
    for i in 0..n {
        // One gzip member per record, as Common Crawl writes them.
        let mut record = Vec::new();
        write_response_record(
            &mut record,
            &format!("https://news{}.example/world/report-{i}", i % 50),
            start + Duration::minutes(i as i64),
            &page(i),
        )?;
        let mut gz = libflate::gzip::Encoder::new(Vec::new())?;
        gz.write_all(&record)?;
        out.write_all(&gz.finish().into_result()?)?;
    }
    out.flush()?;
    eprintln!("{n} pages written to {path}");
    Ok(())
}
