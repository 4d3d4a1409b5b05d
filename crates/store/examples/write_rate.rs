//! The store's own write rate, apart from coding: codes every document of
//! a JSON Lines file first (timed on its own, on every core), then writes
//! the coded documents into a new file through the store's writer, in
//! batches as `dyad ingest` makes them, and prints both rates and the
//! file's size against the input's:
//!
//! ```sh
//! cargo run --release -p dyad-store --example write_rate -- corpus.jsonl new.db [BATCH_DOCS]
//! ```

use std::path::Path;
use std::time::Instant;

use dyad::document::read_path;
use dyad::Coder;
use dyad_store::{Prepared, Writer};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, db) = match &args[..] {
        [input, db, ..] => (input, Path::new(db)),
        _ => return Err("usage: write_rate CORPUS.jsonl NEW.db [BATCH_DOCS]".into()),
    };
    let batch_docs: usize = args.get(2).map_or(Ok(500), |n| n.parse())?;
    if db.exists() {
        return Err(format!("{}: exists; give a new file", db.display()).into());
    }
    let docs: Vec<_> = read_path(input).into_iter().filter_map(Result::ok).collect();
    let coder = Coder::builtin().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let prepared: Vec<Prepared> = docs.into_par_iter().filter_map(|d| Prepared::code(&coder, d).ok()).collect();
    let coding = started.elapsed().as_secs_f64();
    let events: usize = prepared.iter().map(|p| p.events.len()).sum();
    let mut writer = Writer::open(db)?;
    writer.sync_cameo(&coder.events().cameo)?;
    let (started, cpu_before) = (Instant::now(), process_cpu_seconds());
    for chunk in prepared.chunks(batch_docs) {
        let mut batch = writer.begin()?;
        for p in chunk {
            batch.write(p, false)?;
        }
        batch.commit()?;
    }
    let writing = started.elapsed().as_secs_f64();
    // Only the writer runs now, so the process's CPU time is the writer's:
    // on a machine shared with other work it is the steadier figure.
    let writing_cpu = process_cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    // Closing checkpoints the WAL into the file, so its size is all.
    drop(writer);
    let n = prepared.len() as f64;
    println!("{} documents, {events} events, batches of {batch_docs}", prepared.len());
    println!("coding (all cores)   {coding:8.2} s  {:8.0} documents/s", n / coding);
    println!("writing (one thread) {writing:8.2} s  {:8.0} documents/s  {:8.0} events/s", n / writing, events as f64 / writing);
    if let Some(cpu) = writing_cpu {
        println!("writing, CPU time    {cpu:8.2} s  {:8.0} documents/s  {:8.0} events/s", n / cpu, events as f64 / cpu);
    }
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    println!("file {} bytes, {:.2} x the input", size(db), size(db) as f64 / size(Path::new(input)) as f64);
    Ok(())
}

/// User + system CPU seconds of this process so far, from /proc (Linux);
/// `None` elsewhere.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // hold spaces: utime and stime are the 12th and 13th of them.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // Clock ticks are 1/100 s on Linux (sysconf(_SC_CLK_TCK)).
    Some((ticks(11)? + ticks(12)?) / 100.0)
}
