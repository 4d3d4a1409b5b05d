use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use dyad::coder::Options;
use dyad::output::{EventWriter, Format};
use dyad::stream::Window;
use dyad::Document;

use super::{load_coder, parse_date};
use crate::FormatArg;

#[derive(clap::Args)]
pub struct Args {
    /// Articles (.txt), JSON Lines files (.jsonl), HTML pages, RSS/Atom
    /// feeds, WARC archives, directories, or `-` for standard input.
    paths: Vec<String>,
    /// How to read the inputs: auto (by file extension), text, jsonl,
    /// html, feed or warc.
    #[arg(long, default_value = "auto")]
    input_format: dyad_sources::InputFormat,
    /// Code this string as one document.
    #[arg(long)]
    text: Option<String>,
    /// Date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: FormatArg,
    /// A dictionary directory laid over the built-in dictionaries.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Use only the --dict directory, without the built-in dictionaries.
    #[arg(long, requires = "dict")]
    no_builtin: bool,
    /// Show under each event the pattern, dictionary entries and modality
    /// cue that produced it.
    #[arg(long)]
    explain: bool,
    /// Also output acts whose actor the text does not name, with an empty
    /// source ("five people were killed in a blast").
    #[arg(long)]
    sourceless: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.paths.is_empty() && args.text.is_none() {
        eprintln!("dyad code: give one or more paths, `-` for standard input, or --text");
        return Ok(ExitCode::from(2));
    }
    let coder = load_coder(args.dict.as_ref(), args.no_builtin)?;
    let text = args.text.as_ref().map(|text| Ok(Document::from_text("text", text.clone(), None)));
    let items = text.into_iter().chain(args.paths.iter().flat_map(|path| dyad_sources::read_input(path, args.input_format)));
    let options = Options { explain: args.explain, sourceless: args.sourceless };
    let code = |item: dyad::document::Item| -> Result<_, String> {
        let mut doc = item.map_err(|e| e.to_string())?;
        if doc.date.is_none() {
            doc.date = args.date;
        }
        coder.code_guarded(&doc, options).map_err(|e| e.to_string())
    };
    let format = match args.format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Tsv => Format::Tsv,
        FormatArg::Csv => Format::Csv,
        FormatArg::Table => Format::Table,
    };
    let stdout = io::stdout();
    let mut writer = EventWriter::new(format, BufWriter::new(stdout.lock()), args.explain)?;
    let (mut documents, mut failed) = (0, 0);
    let size = |item: &dyad::document::Item| item.as_ref().map_or(0, |d| d.text.len());
    dyad::stream::ordered(items, Window::default(), size, code, |result| -> Result<()> {
        documents += 1;
        match result {
            Ok(events) => {
                for e in &events {
                    writer.write(e)?;
                }
            }
            Err(e) => {
                eprintln!("dyad: {e}");
                failed += 1;
            }
        }
        Ok(())
    })?;
    writer.finish()?;
    if failed > 0 {
        eprintln!("dyad: {failed} of {documents} documents could not be coded");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
