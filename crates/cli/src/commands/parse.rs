//! `dyad parse`: the dependency parse of documents as CoNLL-U.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use dyad::syntax::conllu;
use dyad::Document;

use super::syntax::load_model;

#[derive(clap::Args)]
pub struct Args {
    /// Articles (.txt), JSON Lines files (.jsonl), directories, or `-` for
    /// standard input.
    paths: Vec<String>,
    /// Parse this string as one document.
    #[arg(long)]
    text: Option<String>,
    /// A model file instead of the built-in one.
    #[arg(long)]
    parser_model: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.paths.is_empty() && args.text.is_none() {
        eprintln!("dyad parse: give one or more paths, `-` for standard input, or --text");
        return Ok(ExitCode::from(2));
    }
    let syntax = load_model(args.parser_model.as_ref())?;
    let mut items = Vec::new();
    if let Some(text) = &args.text {
        items.push(Ok(Document::from_text("text", text.clone(), None)));
    }
    for path in &args.paths {
        items.extend(dyad::document::read_path(path));
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0;
    for item in items {
        let doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("dyad: {e}");
                failed += 1;
                continue;
            }
        };
        // Character offsets: the byte offset of every character, searched.
        let char_starts: Vec<usize> = doc.text.char_indices().map(|(i, _)| i).collect();
        let char_at = |byte: usize| char_starts.partition_point(|&c| c < byte);
        writeln!(out, "# newdoc id = {}", doc.id)?;
        for (i, s) in dyad::coder::sentences(&doc.text).iter().enumerate() {
            let parsed = dyad::syntax::parse_sentence(&syntax, &doc.text, s.start, s.end);
            if parsed.words.spans.is_empty() {
                continue;
            }
            out.write_all(conllu(&syntax, &doc.text, &parsed, &format!("{}-{}", doc.id, i + 1), char_at).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
