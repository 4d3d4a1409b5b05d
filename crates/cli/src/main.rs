//! The `dyad` command: a thin client of the `dyad` library.

mod commands;

// Coding allocates many small, short-lived strings per sentence; mimalloc
// serves them markedly faster than the system allocator. Its v2 line: v3
// touched half again as much memory while loading the dictionaries, which
// cost load time and peak RSS (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "dyad", version, about = "Political event data from news text: who did what to whom, when, coded in CAMEO and PLOVER")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Tsv,
    Csv,
    Table,
}

#[derive(Subcommand)]
enum Command {
    /// Code documents into events.
    Code(commands::code::Args),
    /// Check and describe dictionaries.
    Dict {
        #[command(subcommand)]
        command: commands::dict::DictCommand,
    },
    /// Score dyad against a gold set.
    Eval(commands::eval::Args),
    /// Measure throughput, dictionary load time and memory.
    Bench(commands::bench::Args),
    /// Look up actors.
    Actors {
        #[command(subcommand)]
        command: commands::actors::ActorsCommand,
    },
    /// Code documents and store them in a database (SQLite).
    Ingest(commands::ingest::Args),
    /// Search the stored events, or list the most active dyads.
    Query(Box<commands::query::Args>),
    /// Serve the JSON API and the dashboard over a database.
    Serve(commands::serve::Args),
    /// Export the event records as GDELT, PLOVER, Parquet, CSV or TSV.
    Export(commands::export::Args),
    /// Poll RSS/Atom feeds over HTTP(S), code and store what is new, again and again.
    Watch(commands::watch::Args),
    /// Print the dependency parse of documents as CoNLL-U.
    Parse(commands::parse::Args),
    /// Train and score the tagger and parser.
    Syntax {
        #[command(subcommand)]
        command: commands::syntax::SyntaxCommand,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Code(args) => commands::code::run(args),
        Command::Dict { command } => commands::dict::run(command),
        Command::Eval(args) => commands::eval::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Actors { command } => commands::actors::run(command),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Query(args) => commands::query::run(*args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Syntax { command } => commands::syntax::run(command),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`dyad ... | head`) is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: {e:#}");
            ExitCode::from(2)
        }
    }
}
