use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};

use super::ingest::init_logging;
use super::load_coder;

#[derive(clap::Args)]
pub struct Args {
    /// The database; created if missing.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Address to listen on. The default is loopback only: give another
    /// address deliberately, since anyone who reaches it can read the
    /// store.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Bearer token that allows POST /api/documents (default: the
    /// DYAD_TOKEN environment variable). Without one, writes are disabled.
    #[arg(long)]
    token: Option<String>,
    /// A dictionary directory laid over the built-in dictionaries (for
    /// coding POSTed documents).
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Use only the --dict directory, without the built-in dictionaries.
    #[arg(long, requires = "dict")]
    no_builtin: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    init_logging();
    let coder = load_coder(args.dict.as_ref(), args.no_builtin)?;
    let token = args.token.or_else(|| std::env::var("DYAD_TOKEN").ok());
    let config = dyad_server::Config { db: args.db, coder, token };
    dyad_server::run(config, args.addr).map_err(|e| anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}
