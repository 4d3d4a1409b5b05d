//! Benchmarks of the store and the API (not timed tests): ingest
//! throughput with real coding, then a synthetic store of a million
//! events and the latency of the API under a load generator on loopback.
//!
//! ```sh
//! cargo run --release -p dyad-server --example bench -- [--events 1000000] [--docs 5000]
//!     [--requests 2000] [--concurrency 4] [--db bench-out/bench.db]
//! ```
//!
//! The synthetic store is kept and reused when it already holds the
//! requested number of events (`dyad serve --db bench-out/bench.db` serves
//! it to other load generators such as wrk).
//!
//! With `--url http://127.0.0.1:PORT` the same load goes to a server of
//! its own process (`dyad serve --db DB`, the URLs drawn from `--db`), and
//! `--server-pid PID` reports that process's memory after the load:
//!
//! ```sh
//! dyad serve --db big.db --addr 127.0.0.1:8090 & pid=$!
//! cargo run --release -p dyad-server --example bench -- --db big.db \
//!     --url http://127.0.0.1:8090 --server-pid $pid --concurrency 50 --requests 10000
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use dyad::event::{ActorRef, Event, Modality, Span};
use dyad::{Coder, Document};
use dyad_events::cameo::CodeInfo;
use dyad_events::dates::Precision;
use dyad_server::{AppState, Config};
use dyad_store::{Prepared, Reader, Writer};

struct Args {
    events: usize,
    docs: usize,
    requests: usize,
    concurrency: usize,
    db: PathBuf,
    url: Option<String>,
    server_pid: Option<u32>,
}

fn args() -> Args {
    let mut a = Args {
        events: 1_000_000,
        docs: 5000,
        requests: 2000,
        concurrency: 4,
        db: PathBuf::from("bench-out/bench.db"),
        url: None,
        server_pid: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        let n = || value.parse::<usize>().unwrap_or_else(|_| panic!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--events" => a.events = n(),
            "--docs" => a.docs = n(),
            "--requests" => a.requests = n(),
            "--concurrency" => a.concurrency = n(),
            "--db" => a.db = PathBuf::from(&value),
            "--url" => a.url = Some(loopback(&value)),
            "--server-pid" => a.server_pid = Some(n() as u32),
            _ => panic!("unknown flag {flag}"),
        }
    }
    a
}

/// The load goes to this machine only.
fn loopback(url: &str) -> String {
    let url = url.trim_end_matches('/');
    assert!(url.starts_with("http://127.0.0.1:") || url.starts_with("http://[::1]:"), "--url must be http://127.0.0.1:PORT, got {url}");
    url.to_string()
}

/// A line of `/proc/PID/status` (`VmRSS`, `VmHWM`), in MB.
fn memory_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// xorshift64*: reproducible fixtures without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An index drawn with probability proportional to `weights`.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

const COUNTRIES: [(&str, &str); 48] = [
    ("USA", "Washington"),
    ("RUS", "Moscow"),
    ("UKR", "Kyiv"),
    ("CHN", "Beijing"),
    ("ISR", "Israel"),
    ("PSE", "Palestinian officials"),
    ("IRN", "Tehran"),
    ("GBR", "London"),
    ("FRA", "Paris"),
    ("DEU", "Berlin"),
    ("TUR", "Ankara"),
    ("IND", "New Delhi"),
    ("PAK", "Islamabad"),
    ("SYR", "Damascus"),
    ("LBN", "Beirut"),
    ("SAU", "Riyadh"),
    ("EGY", "Cairo"),
    ("QAT", "Doha"),
    ("TWN", "Taipei"),
    ("JPN", "Tokyo"),
    ("KOR", "Seoul"),
    ("PRK", "Pyongyang"),
    ("SDN", "Khartoum"),
    ("COD", "Kinshasa"),
    ("RWA", "Kigali"),
    ("ETH", "Addis Ababa"),
    ("NGA", "Abuja"),
    ("VEN", "Caracas"),
    ("COL", "Bogota"),
    ("BRA", "Brasilia"),
    ("MEX", "Mexico City"),
    ("POL", "Warsaw"),
    ("HUN", "Budapest"),
    ("BLR", "Minsk"),
    ("ARM", "Yerevan"),
    ("AZE", "Baku"),
    ("AFG", "Kabul"),
    ("IRQ", "Baghdad"),
    ("YEM", "Sanaa"),
    ("LBY", "Tripoli"),
    ("MLI", "Bamako"),
    ("SOM", "Mogadishu"),
    ("PHL", "Manila"),
    ("VNM", "Hanoi"),
    ("MMR", "Naypyidaw"),
    ("IGO", "the United Nations"),
    ("NGO", "aid groups"),
    ("IGO", "NATO"),
];

const SECTORS: [(&str, &str, f64); 7] = [
    ("", "", 4.0),
    ("GOV", "government", 4.0),
    ("MIL", "military", 1.5),
    ("REB", "rebels", 0.5),
    ("OPP", "opposition", 0.4),
    ("CVL", "civilians", 0.4),
    ("MED", "media", 0.2),
];

/// Share of events per CAMEO root, roughly as in news-coded data sets:
/// statements and consultations dominate, mass violence is rare.
const ROOTS: [(&str, f64); 20] = [
    ("01", 20.0),
    ("02", 5.0),
    ("03", 5.0),
    ("04", 15.0),
    ("05", 8.0),
    ("06", 2.0),
    ("07", 3.0),
    ("08", 2.0),
    ("09", 1.0),
    ("10", 3.0),
    ("11", 6.0),
    ("12", 4.0),
    ("13", 3.0),
    ("14", 2.0),
    ("15", 1.0),
    ("16", 2.0),
    ("17", 5.0),
    ("18", 4.0),
    ("19", 7.0),
    ("20", 0.2),
];

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

struct Synth {
    rng: Rng,
    codes: Vec<Vec<CodeInfo>>,
    country_weights: Vec<f64>,
    /// Each country's usual counterparts: most events are between few
    /// pairs, as in the news.
    partners: Vec<[usize; 4]>,
    start: NaiveDate,
    days: usize,
}

impl Synth {
    fn new(coder: &Coder) -> Synth {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut by_root: BTreeMap<String, Vec<CodeInfo>> = BTreeMap::new();
        for info in coder.events().cameo.event_codes() {
            by_root.entry(info.root.clone()).or_default().push(info.clone());
        }
        let codes: Vec<Vec<CodeInfo>> = ROOTS.iter().map(|(r, _)| by_root.remove(*r).expect("every root has codes")).collect();
        // Zipf-like: the news is about a few countries.
        let country_weights: Vec<f64> = (0..COUNTRIES.len()).map(|i| 1.0 / (i as f64 + 1.0).powf(0.9)).collect();
        let partners = (0..COUNTRIES.len())
            .map(|i| {
                let mut p = [0; 4];
                for slot in &mut p {
                    *slot = loop {
                        let j = rng.weighted(&country_weights);
                        if j != i {
                            break j;
                        }
                    };
                }
                p
            })
            .collect();
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        Synth { rng, codes, country_weights, partners, start, days: 4 * 365 }
    }

    fn actor(&mut self, country: usize, text: &mut String) -> ActorRef {
        let (head, place) = COUNTRIES[country];
        let (sector, word, _) = SECTORS[self.rng.weighted(&SECTORS.iter().map(|s| s.2).collect::<Vec<_>>())];
        let code = format!("{head}{sector}");
        let name = if word.is_empty() { place.to_string() } else { format!("{place} {word}") };
        let start = text.len();
        text.push_str(&name);
        ActorRef {
            country: (head != "IGO" && head != "NGO").then(|| head.into()),
            sector: (!sector.is_empty()).then(|| sector.into()),
            code: code.into(),
            name: name.as_str().into(),
            text: name,
            start,
            end: text.len(),
        }
    }

    /// A document of 2 to 8 events, each in a sentence of its own.
    fn document(&mut self, n: usize) -> Prepared {
        let date = self.start + chrono::Duration::days(self.rng.below(self.days) as i64);
        let mut text = format!("Daily briefing {n}\n");
        let mut events = Vec::new();
        for _ in 0..2 + self.rng.below(7) {
            let s = self.rng.weighted(&self.country_weights);
            let t = if self.rng.below(10) < 7 { self.partners[s][self.rng.below(4)] } else { self.rng.weighted(&self.country_weights) };
            let root = self.rng.weighted(&ROOTS.iter().map(|r| r.1).collect::<Vec<_>>());
            let info = self.codes[root][self.rng.below(self.codes[root].len())].clone();
            let sentence_start = text.len();
            let source = self.actor(s, &mut text);
            text.push(' ');
            let act_start = text.len();
            text.push_str(&info.name.to_lowercase());
            let action = Span { text: text[act_start..].to_string(), start: act_start, end: text.len() };
            text.push_str(" with ");
            let target = self.actor(t, &mut text);
            let day = WEEKDAYS[(date.weekday().num_days_from_monday() as usize + 6) % 7];
            text.push_str(&format!(" on {day}, officials said.\n"));
            let modality = [Modality::Asserted, Modality::Negated, Modality::Future, Modality::Hypothetical, Modality::Conditional]
                [self.rng.weighted(&[85.0, 4.0, 5.0, 3.0, 3.0])];
            events.push(Event {
                doc_id: format!("synthetic-{n}"),
                sentence_index: 0,
                sentence: text[sentence_start..text.len() - 1].into(),
                date: Some(date),
                date_precision: Precision::Document,
                source: Some(source),
                target: Some(target),
                cameo: info.code.clone(),
                root: info.root.clone(),
                quad_class: info.quad_class,
                goldstein: info.goldstein,
                plover: info.plover.clone(),
                action,
                modality,
                quote: None,
                mentions: 1,
                headline: false,
                location: None,
                explain: None,
            });
        }
        let doc = Document {
            id: format!("synthetic-{n}"),
            date: Some(date),
            url: None,
            source: Some("bench".into()),
            title: None,
            text,
            origin: None,
        };
        // Sentence indices as the store's splitter numbers them (the title
        // is sentence 0).
        let spans = dyad::coder::sentences(&doc.text);
        for e in &mut events {
            e.sentence_index =
                spans.iter().position(|s| s.start <= e.action.start && e.action.start < s.end).expect("the action is in a sentence");
            e.sentence = doc.text[spans[e.sentence_index].start..spans[e.sentence_index].end].into();
        }
        let codes = events
            .iter()
            .flat_map(|e| [e.source.as_ref().unwrap().code.to_string(), e.target.as_ref().unwrap().code.to_string()])
            .collect();
        Prepared::new(doc, events, codes)
    }
}

fn stored_events(db: &Path) -> u64 {
    Reader::open(db).ok().and_then(|r| r.counts().ok()).map_or(0, |c| c.events)
}

fn build_fixture(db: &Path, coder: &Coder, target: usize) {
    if stored_events(db) as usize >= target {
        println!("fixture: {} holds {} events, reused", db.display(), stored_events(db));
        return;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let started = Instant::now();
    let mut writer = Writer::open(db).unwrap();
    writer.sync_cameo(&coder.events().cameo).unwrap();
    let mut synth = Synth::new(coder);
    let (mut events, mut docs) = (0, 0);
    while events < target {
        let mut batch = writer.begin().unwrap();
        for _ in 0..2000 {
            let p = synth.document(docs);
            events += p.events.len();
            docs += 1;
            batch.write(&p, false).unwrap();
            if events >= target {
                break;
            }
        }
        batch.commit().unwrap();
    }
    writer.analyze().unwrap();
    let secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!("fixture: {docs} documents, {events} events written in {secs:.1} s ({:.0} events/s), {size:.0} MB", events as f64 / secs);
}

/// Real coding and storing of `n` documents made from the example articles.
fn ingest_throughput(coder: &Coder, n: usize, dir: &Path) {
    let articles: Vec<Document> = dyad::examples::articles()
        .into_iter()
        .map(|(name, text)| dyad::document::read_article(name, name, text.as_bytes()).unwrap())
        .collect();
    let docs: Vec<Document> = (0..n)
        .map(|i| {
            let mut d = articles[i % articles.len()].clone();
            d.id = format!("ingest-{i}");
            d.text.push_str(&format!("\nUpdate {i}: officials gave no further comment.\n"));
            d
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let db = dir.join("ingest.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let started = Instant::now();
    let coded: usize = {
        use rayon::prelude::*;
        docs.par_iter().map(|d| coder.code(d).len()).sum()
    };
    let code_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let stats = dyad_store::ingest::ingest(&db, coder, docs.clone(), &Default::default(), &|_| {}).unwrap();
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(stats.events, coded);
    println!(
        "ingest: {n} documents ({:.1} MB), {} events in {secs:.2} s: {:.0} documents/s, {:.0} events/s (coding alone: {:.0} documents/s)",
        bytes as f64 / 1e6,
        stats.events,
        n as f64 / secs,
        stats.events as f64 / secs,
        n as f64 / code_secs
    );
    let started = Instant::now();
    let again = dyad_store::ingest::ingest(&db, coder, docs, &Default::default(), &|_| {}).unwrap();
    println!("re-ingest of the same documents: {} unchanged in {:.2} s", again.unchanged, started.elapsed().as_secs_f64());
}

struct Load {
    name: &'static str,
    urls: Vec<String>,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn run_load(load: &Load, requests: usize, concurrency: usize, report: bool) {
    let (next, errors) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let started = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                s.spawn(|| {
                    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= requests {
                            return out;
                        }
                        let url = &load.urls[i % load.urls.len()];
                        let t = Instant::now();
                        let ok = match agent.get(url).call() {
                            Ok(mut r) => r.status() == 200 && r.body_mut().read_to_vec().is_ok(),
                            Err(_) => false,
                        };
                        if !ok {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                        out.push(t.elapsed());
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let secs = started.elapsed().as_secs_f64();
    latencies.sort();
    if !report {
        return;
    }
    println!(
        "| {:<44} | {:>7.2} | {:>7.2} | {:>7.2} | {:>7.2} | {:>6.0} | {:>6} |",
        load.name,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        latencies.last().unwrap().as_secs_f64() * 1000.0,
        requests as f64 / secs,
        errors.load(Ordering::Relaxed)
    );
}

fn main() {
    let args = args();
    let dir = args.db.parent().unwrap_or(Path::new(".")).to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    println!("machine: {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (base, server) = match &args.url {
        Some(url) => (url.clone(), None),
        None => {
            let coder = Coder::builtin().unwrap();
            ingest_throughput(&coder, args.docs, &dir);
            build_fixture(&args.db, &coder, args.events);
            let state = AppState::new(Config { db: args.db.clone(), coder, token: None }).unwrap();
            let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let server = runtime.spawn(dyad_server::serve(listener, state, async {
                let _ = stopped.await;
            }));
            (base, Some(server))
        }
    };

    let reader = Reader::open(&args.db).unwrap();
    let dyads = reader.top_dyads(40).unwrap();
    let mut rng = Rng(42);
    let pick = |rng: &mut Rng, n: usize| -> Vec<usize> { (0..n).map(|_| rng.below(dyads.len())).collect() };
    let roots = ["01", "04", "12", "14", "16", "19"];
    let months: Vec<String> = (0..48).map(|m| format!("{}-{:02}", 2022 + m / 12, m % 12 + 1)).collect();
    let cursor = reader.events(&Default::default(), None, 50).unwrap().next_cursor.unwrap();
    // Event ids run from 1 in a store that never replaced a document.
    let max_id = stored_events(&args.db).max(1) as usize;
    // The four kinds of request of the load figure, interleaved.
    let mixed: Vec<String> = pick(&mut rng, 400)
        .iter()
        .enumerate()
        .map(|(n, &i)| match n % 4 {
            0 => format!("{base}/api/events?dyad={},{}", dyads[i].a, dyads[i].b),
            1 => format!("{base}/api/dyads?top=20"),
            2 => format!("{base}/api/dyads/{}/{}/timeline?interval=month", dyads[i].a, dyads[i].b),
            _ => format!("{base}/api/events/{}", 1 + rng.below(max_id)),
        })
        .collect();
    let loads = vec![
        Load { name: "mixed: events, dyads, timeline, event by id", urls: mixed },
        Load { name: "GET /api/events (first page, no filter)", urls: vec![format!("{base}/api/events")] },
        Load { name: "GET /api/events?cursor= (second page)", urls: vec![format!("{base}/api/events?cursor={cursor}")] },
        Load {
            name: "GET /api/events?dyad=A,B (40 dyads)",
            urls: pick(&mut rng, 200).iter().map(|&i| format!("{base}/api/events?dyad={},{}", dyads[i].a, dyads[i].b)).collect(),
        },
        Load {
            name: "GET /api/events?source=A&root=R",
            urls: pick(&mut rng, 200)
                .iter()
                .map(|&i| format!("{base}/api/events?source={}&root={}", dyads[i].a, roots[i % roots.len()]))
                .collect(),
        },
        Load {
            name: "GET /api/events?dyad=A,B&since&until&quad=4",
            urls: pick(&mut rng, 200)
                .iter()
                .map(|&i| {
                    let m = &months[i % months.len()];
                    format!("{base}/api/events?dyad={},{}&since={m}-01&until={m}-28&quad=4", dyads[i].a, dyads[i].b)
                })
                .collect(),
        },
        Load {
            name: "GET /api/events?text=negotiation",
            urls: vec![format!("{base}/api/events?text=negotiation"), format!("{base}/api/events?text=ceasefire%20OR%20truce")],
        },
        Load {
            name: "GET /api/dyads/A/B/timeline?interval=month",
            urls: pick(&mut rng, 200)
                .iter()
                .map(|&i| format!("{base}/api/dyads/{}/{}/timeline?interval=month", dyads[i].a, dyads[i].b))
                .collect(),
        },
        Load {
            name: "GET /api/dyads/A/B/timeline?interval=week",
            urls: pick(&mut rng, 200)
                .iter()
                .map(|&i| format!("{base}/api/dyads/{}/{}/timeline?interval=week", dyads[i].a, dyads[i].b))
                .collect(),
        },
        Load { name: "GET /api/dyads?top=20", urls: vec![format!("{base}/api/dyads?top=20")] },
        Load {
            name: "GET /dyads/A/B (dashboard page with chart)",
            urls: pick(&mut rng, 100).iter().map(|&i| format!("{base}/dyads/{}/{}", dyads[i].a, dyads[i].b)).collect(),
        },
    ];
    let top = &dyads[0];
    println!("store: {} events; busiest dyad {}-{} with {} events", stored_events(&args.db), top.a, top.b, top.totals.events);
    println!("load: {} requests per row, {} concurrent keep-alive clients, after {} warm-up requests", args.requests, args.concurrency, 50);
    println!(
        "| {:<44} | {:>7} | {:>7} | {:>7} | {:>7} | {:>6} | {:>6} |",
        "request", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "errors"
    );
    println!("|{:-<46}|{:-<9}|{:-<9}|{:-<9}|{:-<9}|{:-<8}|{:-<8}|", "", "", "", "", "", "", "");
    for load in &loads {
        run_load(load, 50, args.concurrency, false);
        run_load(load, args.requests, args.concurrency, true);
    }
    if let Some(pid) = args.server_pid {
        let mb = |field| memory_mb(pid, field).map_or("?".to_string(), |m| format!("{m:.0} MB"));
        println!("server (pid {pid}) memory after the load: RSS {}, peak RSS {}", mb("VmRSS:"), mb("VmHWM:"));
    }
    let _ = stop.send(());
    if let Some(server) = server {
        runtime.block_on(server).unwrap().unwrap();
    }
}
