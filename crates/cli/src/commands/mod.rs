pub mod actors;
pub mod bench;
pub mod code;
pub mod dict;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod query;
pub mod serve;
pub mod watch;

use std::path::PathBuf;

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
