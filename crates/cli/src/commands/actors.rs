use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use dyad::lookup::lookup;

use super::{load_coder, parse_date};

#[derive(clap::Subcommand)]
pub enum ActorsCommand {
    /// How a name resolves: code, entry, role and the date range that
    /// applied.
    Lookup {
        name: String,
        /// Resolve dated roles on this day (default: the latest role).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long)]
        dict: Option<PathBuf>,
    },
}

pub fn run(command: ActorsCommand) -> Result<ExitCode> {
    let ActorsCommand::Lookup { name, date, dict } = command;
    let coder = load_coder(dict.as_ref(), false)?;
    let found = lookup(&coder, &name, date);
    if found.is_empty() {
        println!("{name:?}: no actor found");
        return Ok(ExitCode::from(1));
    }
    for a in &found {
        println!("{:?} -> {} ({})", a.text, a.code, a.name);
        if let Some(entry) = &a.entry {
            println!("  entry: {entry}");
            match &a.role {
                Some(role) => println!("  role: {} {} {} ({})", role.code, role.range, role.title, role.origin),
                None if a.is_person => println!(
                    "  no role on {}: coded as an elite of the nearest role's country",
                    date.map(|d| d.to_string()).unwrap_or_default()
                ),
                None => {}
            }
            for role in &a.roles {
                println!("    {} {} {}", role.code, role.range, role.title);
            }
        }
        if let Some(noun) = &a.role_noun {
            println!("  role noun: {:?} -> {} ({})", noun.phrase, noun.sector, noun.origin);
        }
    }
    Ok(ExitCode::SUCCESS)
}
