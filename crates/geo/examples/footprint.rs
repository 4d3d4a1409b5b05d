//! Prints what the places cost a process: load time, and resident memory
//! after loading and after touching every name and record (the worst case:
//! a long run that looked up every place).
//!
//!     cargo run --release -p dyad-geo --example footprint

use std::time::Instant;

use dyad_dict::DictSet;
use dyad_geo::locate::Geo;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}

fn main() {
    // Before the dictionary set: it copies every built-in file, the place
    // files among them, onto the heap.
    let before = rss_mb();
    let set = DictSet::builtin();
    let mut times: Vec<f64> = (0..21)
        .map(|_| {
            let t = Instant::now();
            drop(Geo::load(&set).expect("built-in places load"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let geo = Geo::load(&set).expect("built-in places load");
    let loaded = rss_mb();
    let names = set.file("places/names.txt").expect("names file");
    let keys: Vec<&str> = names.text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).collect();
    let (mut found, mut places) = (0, Vec::new());
    let t = Instant::now();
    for key in &keys {
        places.clear();
        geo.gazetteer.lookup(key, &mut places);
        found += places.len();
    }
    let per_lookup_us = t.elapsed().as_secs_f64() * 1e6 / keys.len() as f64;
    let touched = rss_mb();
    println!("places load: median {:.2} ms, slowest {:.2} ms (21 loads)", times[times.len() / 2], times[times.len() - 1]);
    println!(
        "resident memory: {before:.1} MB before, +{:.1} MB with all dictionaries and the places loaded, +{:.1} MB after all {} names ({found} readings) were looked up",
        loaded - before,
        touched - before,
        keys.len()
    );
    println!("lookup: {per_lookup_us:.2} µs per name (name and every reading's record)");
}
