use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use dyad::{Coder, DictSet};

#[derive(clap::Subcommand)]
pub enum DictCommand {
    /// Validate dictionaries: the built-in ones, or DIR laid over them.
    Check { dir: Option<PathBuf> },
}

pub fn run(command: DictCommand) -> Result<ExitCode> {
    match command {
        DictCommand::Check { dir } => check(dir),
    }
}

fn check(dir: Option<PathBuf>) -> Result<ExitCode> {
    let set = match &dir {
        Some(d) => match DictSet::with_overrides(d) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(1));
            }
        },
        None => DictSet::builtin(),
    };
    match Coder::load(&set) {
        Ok(coder) => {
            let dict = &coder.actors().dict;
            let people = dict.actors.iter().filter(|a| a.is_person()).count();
            let events = coder.events();
            let counts = events.patterns.count_by_code();
            let codes = events.cameo.event_codes().count();
            let thin: Vec<String> = {
                let mut v: Vec<_> = events
                    .cameo
                    .event_codes()
                    .filter(|c| counts.get(c.code.as_str()).copied().unwrap_or(0) < 3)
                    .map(|c| c.code.clone())
                    .collect();
                v.sort();
                v
            };
            let mut out = std::io::stdout().lock();
            writeln!(out, "ok: {} files", set.files().len())?;
            writeln!(
                out,
                "actors: {} entries ({} people), {} names, {} role nouns",
                dict.actors.len(),
                people,
                dict.names.len(),
                dict.agents.len()
            )?;
            writeln!(out, "events: {} patterns over {} of {} codes", events.patterns.patterns.len(), counts.len(), codes)?;
            if !thin.is_empty() {
                writeln!(out, "codes with fewer than 3 patterns ({}): {}", thin.len(), thin.join(" "))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            let mut out = std::io::stdout().lock();
            for e in &errors.0 {
                writeln!(out, "{e}")?;
            }
            eprintln!("{} problem(s) found", errors.0.len());
            Ok(ExitCode::from(1))
        }
    }
}
