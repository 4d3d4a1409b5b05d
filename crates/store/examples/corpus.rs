//! Writes an article-sized news corpus as JSON Lines, generated from the
//! built-in example articles, to measure the store and the server on:
//!
//! ```sh
//! cargo run --release -p dyad-store --example corpus -- 50000 > corpus.jsonl
//! ```

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let count: usize = match std::env::args().nth(1).map(|n| n.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: corpus DOCUMENTS > corpus.jsonl");
            std::process::exit(2);
        }
    };
    let articles: Vec<String> = dyad::examples::articles().into_iter().map(|(_, text)| text.to_string()).collect();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for doc in dyad_eval::bench::articles_corpus(&articles, count) {
        let line = serde_json::json!({"id": doc.id, "date": doc.date.map(|d| d.to_string()), "text": doc.text});
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
