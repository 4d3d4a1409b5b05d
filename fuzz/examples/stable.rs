//! A fuzz driver for the stable toolchain (no cargo-fuzz, no sanitizers):
//! runs one target of `dyad_fuzz` for a time budget on inputs made three
//! ways in turn: the hostile-document generator of dyad's property tests,
//! a seed file (an example article, a test page, a dictionary file) with
//! random byte edits, and random bytes. Panics are caught, counted, and
//! each input that caused one is saved under `fuzz/artifacts/stable/`.
//!
//! ```sh
//! cargo run --release --manifest-path fuzz/Cargo.toml --example stable -- TARGET SECONDS [SEED]
//! ```
//! TARGET is one of documents, sentences, coder, dictionaries.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dyad_fuzz::gen;
use proptest::prelude::Rng;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

type Target = fn(&[u8]);

fn target(name: &str) -> Option<Target> {
    Some(match name {
        "documents" => dyad_fuzz::documents,
        "sentences" => dyad_fuzz::sentences,
        "coder" => dyad_fuzz::coder,
        "dictionaries" => dyad_fuzz::dictionaries,
        _ => return None,
    })
}

/// A number below `n` (0 when `n` is 0).
fn below(rng: &mut TestRng, n: usize) -> usize {
    (rng.next_u64() % n.max(1) as u64) as usize
}

/// The seed files: example articles, the HTML test pages and the built-in
/// dictionaries (relative to the repository root).
fn seeds(root: &Path) -> Vec<Vec<u8>> {
    let dirs = ["examples", "crates/sources/tests/data/html", "dictionaries/actors", "dictionaries/events", "dictionaries/places"];
    let mut files: Vec<PathBuf> =
        dirs.iter().filter_map(|d| std::fs::read_dir(root.join(d)).ok()).flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    files.iter().filter(|p| p.is_file()).filter_map(|p| std::fs::read(p).ok()).filter(|b| b.len() < 4 << 20).collect()
}

/// A seed with a few random edits: bytes overwritten, inserted, deleted,
/// or a run copied from elsewhere in it.
fn mutate(rng: &mut TestRng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + below(rng, 8) {
        let at = below(rng, out.len() + 1);
        match below(rng, 4) {
            0 if at < out.len() => out[at] = rng.next_u64() as u8,
            1 => out.insert(at, rng.next_u64() as u8),
            2 if at < out.len() => {
                out.remove(at);
            }
            _ => {
                let from = below(rng, out.len() + 1);
                let len = below(rng, 64).min(out.len() - from);
                let run = out[from..from + len].to_vec();
                out.splice(at..at, run);
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: stable TARGET SECONDS [SEED] (TARGET: documents, sentences, coder, dictionaries)";
    let (Some(name), Some(seconds)) = (args.first(), args.get(1)) else { return Err(usage.into()) };
    let run = target(name).ok_or(usage)?;
    let budget = Duration::from_secs_f64(seconds.parse()?);
    let seed: u64 = args.get(2).map_or(Ok(0x5eed), |s| s.parse())? | 1;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed_files = seeds(&root);
    let artifacts = root.join("fuzz/artifacts/stable");
    let seed_bytes: Vec<u8> = seed.to_le_bytes().iter().cycle().take(32).copied().collect();
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let generated = gen::document();
    // Panics are expected findings here: report them in one line each.
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let (started, mut inputs, mut panics) = (Instant::now(), 0u64, 0u64);
    while started.elapsed() < budget {
        let input = match inputs % 3 {
            0 => generated.new_tree(&mut runner).map_err(|e| e.to_string())?.current().into_bytes(),
            1 if !seed_files.is_empty() => {
                let pick = below(&mut rng, seed_files.len());
                mutate(&mut rng, &seed_files[pick])
            }
            _ => (0..below(&mut rng, 4096)).map(|_| rng.next_u64() as u8).collect(),
        };
        // The dictionary target reads its first byte as the file to replace.
        let input = if name == "dictionaries" { [vec![rng.next_u64() as u8], input].concat() } else { input };
        inputs += 1;
        if catch_unwind(AssertUnwindSafe(|| run(&input))).is_err() {
            panics += 1;
            std::fs::create_dir_all(&artifacts)?;
            std::fs::write(artifacts.join(format!("{name}-{seed}-{inputs}")), &input)?;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{name}: {inputs} inputs in {secs:.0} s ({:.0}/s), {panics} panics (seed {seed})", inputs as f64 / secs);
    Ok(())
}
