//! `dyad syntax train` and `dyad syntax eval`: the parser's model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use dyad::Syntax;
use dyad_syntax::conllu::{self, Sentence};
use dyad_syntax::eval::evaluate;
use dyad_syntax::train::{train, TrainOptions};

#[derive(clap::Subcommand)]
pub enum SyntaxCommand {
    /// Train a tagger and parser on CoNLL-U treebanks (reproducible: seeded).
    Train(TrainArgs),
    /// Score a model on a CoNLL-U file: UPOS, XPOS, UAS, LAS (CoNLL 2018
    /// conventions: punctuation included, LAS on the universal relation).
    Eval(EvalArgs),
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training treebanks.
    #[arg(long, num_args = 1.., required = true)]
    train: Vec<PathBuf>,
    /// Development treebank, scored during and after training.
    #[arg(long)]
    dev: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
    tagger_epochs: usize,
    #[arg(long, default_value_t = TrainOptions::default().parser_epochs)]
    parser_epochs: usize,
    #[arg(long, default_value_t = TrainOptions::default().labeler_epochs)]
    labeler_epochs: usize,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold CoNLL-U file.
    #[arg(long)]
    conllu: PathBuf,
    /// A model file instead of the built-in one.
    #[arg(long)]
    parser_model: Option<PathBuf>,
    /// Fail (exit 1) when a figure (`upos`, `xpos`, `uas`, `las`, in
    /// percent) falls below the floors in this file.
    #[arg(long)]
    floors: Option<PathBuf>,
}

pub fn run(command: SyntaxCommand) -> Result<ExitCode> {
    match command {
        SyntaxCommand::Train(args) => train_command(args),
        SyntaxCommand::Eval(args) => eval_command(args),
    }
}

fn read(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(conllu::read(&path.display().to_string(), &text)?)
}

/// The model named by `--parser-model`, or the built-in one.
pub fn load_model(path: Option<&PathBuf>) -> Result<Syntax> {
    match path {
        Some(p) => Ok(dyad_syntax::builtin::from_file(p)?),
        None => Ok(dyad_syntax::builtin::builtin()),
    }
}

fn train_command(args: TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut sentences = Vec::new();
    for path in &args.train {
        sentences.extend(read(path)?);
    }
    let dev = read(&args.dev)?;
    let options = TrainOptions {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        labeler_epochs: args.labeler_epochs,
        seed: args.seed,
        ..TrainOptions::default()
    };
    let log = |line: &str| eprintln!("[{:>5.0} s] {line}", started.elapsed().as_secs_f64());
    let model = train(&sentences, &dev, &options, &log);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("{}: cannot write", args.out.display()))?;
    log(&format!("wrote {} ({:.1} MB)", args.out.display(), bytes.len() as f64 / 1e6));
    Ok(ExitCode::SUCCESS)
}

fn eval_command(args: EvalArgs) -> Result<ExitCode> {
    let model = load_model(args.parser_model.as_ref())?;
    let gold = read(&args.conllu)?;
    let scores = evaluate(&model, &gold);
    println!("{}: {scores}", args.conllu.display());
    match &args.floors {
        Some(f) => super::check_floors(f, |name| match name {
            "upos" => Some(scores.percent(scores.upos)),
            "xpos" => Some(scores.percent(scores.xpos)),
            "uas" => Some(scores.percent(scores.uas)),
            "las" => Some(scores.percent(scores.las)),
            _ => None,
        }),
        None => Ok(ExitCode::SUCCESS),
    }
}
