pub mod actors;
pub mod bench;
pub mod code;
pub mod dict;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod parse;
pub mod query;
pub mod serve;
pub mod syntax;
pub mod watch;

use std::path::PathBuf;

use std::process::ExitCode;

use anyhow::{anyhow, Result};
use dyad::{Coder, DictSet};

/// Loads the built-in dictionaries, with `dir` laid over them if given
/// (or `dir` alone with `only`).
pub fn load_coder(dir: Option<&PathBuf>, only: bool) -> Result<Coder> {
    let set = match dir {
        Some(d) if only => DictSet::from_dir(d).map_err(|e| anyhow!("{e}"))?,
        Some(d) => DictSet::with_overrides(d).map_err(|e| anyhow!("{e}"))?,
        None => DictSet::builtin(),
    };
    Coder::load(&set).map_err(|e| anyhow!("dictionary errors:\n{e}"))
}

pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    dyad::document::parse_date(s)
}

/// Checks the `name value` lines of a floors file against the figures
/// `figure` knows; exit 1 when one falls below its floor. A name ending in
/// `_max` is a ceiling instead (a count of errors that must not grow).
pub fn check_floors(path: &PathBuf, figure: impl Fn(&str) -> Option<f64>) -> Result<ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let mut failed = false;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.split('#').next().unwrap_or("").trim();
        if l.is_empty() {
            continue;
        }
        let mut parts = l.split_whitespace();
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            return Err(anyhow!("{}:{}: expected `name value`", path.display(), i + 1));
        };
        let floor: f64 = value.parse().map_err(|_| anyhow!("{}:{}: {value:?} is not a number", path.display(), i + 1))?;
        let actual = figure(name).ok_or_else(|| anyhow!("{}:{}: unknown figure {name:?}", path.display(), i + 1))?;
        let ceiling = name.ends_with("_max");
        let ok = if ceiling { actual <= floor + 1e-9 } else { actual + 1e-9 >= floor };
        let sign = match (ceiling, ok) {
            (false, true) => ">=",
            (false, false) => "<",
            (true, true) => "<=",
            (true, false) => ">",
        };
        println!("floor {name}: {actual:.3} {sign} {floor:.3}");
        failed |= !ok;
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
