use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use dyad::Document;

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
    let actors = coder.actors();
    let doc = Document::from_text("lookup", name.clone(), date);
    let tokens = coder.tokens(&doc.text);
    let mut mentions = Vec::new();
    actors.mentions(&tokens, date, &mut mentions);
    if mentions.is_empty() {
        println!("{name:?}: no actor found");
        return Ok(ExitCode::from(1));
    }
    for m in &mentions {
        for a in &m.members {
            let text = &doc.text[a.start..a.end];
            println!("{text:?} -> {} ({})", a.code, a.name);
            if let Some(e) = a.entry {
                let entry = &actors.dict.actors[e];
                println!("  entry: {}", entry.origin);
                match a.role.and_then(|r| entry.roles.get(r)) {
                    Some(role) => println!("  role: {} {} {} ({})", role.code, role.range_text(), role.title, role.origin),
                    None if entry.is_person() => println!(
                        "  no role on {}: coded as an elite of the nearest role's country",
                        date.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    None => {}
                }
                for role in &entry.roles {
                    println!("    {} {} {}", role.code, role.range_text(), role.title);
                }
            }
            if let Some(g) = a.agent {
                println!(
                    "  role noun: {:?} -> {} ({})",
                    actors.dict.agents[g].phrase, actors.dict.agents[g].sector, actors.dict.agents[g].origin
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
