//! Where tag + parse spends its time: sentences per CPU second of each
//! stage (tagger, unlabelled parser, labeller) on the words of a CoNLL-U
//! file, one thread, median of several rounds. CPU time rather than wall
//! time, so that other work on a shared machine moves the figures less.
//!
//! ```sh
//! cargo run --release -p dyad-syntax --example stages -- ../shared/ud/ewt-dev.conllu [MODEL] [ROUNDS]
//! ```

/// CPU time of this thread so far, in seconds (Linux: the first field of
/// `/proc/thread-self/schedstat` is nanoseconds on a CPU).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()).map_or(f64::NAN, |ns| ns / 1e9)
}

use dyad_syntax::labeler::{self, Children, Tree};
use dyad_syntax::lexical::Lexical;
use dyad_syntax::parser::{self, Input};
use dyad_syntax::{builtin, conllu, tagger};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: stages FILE.conllu [MODEL] [ROUNDS]")?;
    let syntax = match args.get(1).filter(|m| *m != "-") {
        Some(m) => builtin::from_file(m.as_ref())?,
        None => builtin::builtin(),
    };
    let rounds: usize = args.get(2).map_or(Ok(7), |r| r.parse())?;
    let sentences = conllu::read(path, &std::fs::read_to_string(path)?)?;
    let lex: Vec<Vec<Lexical>> = sentences.iter().map(|s| s.words.iter().map(|w| Lexical::of(&w.form)).collect()).collect();
    let words: usize = lex.iter().map(Vec::len).sum();
    let (mut tag_rates, mut parse_rates, mut label_rates, mut all_rates, mut many_rates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let per_second = |t: f64| sentences.len() as f64 / (cpu_seconds() - t);
    for _ in 0..rounds {
        let t = cpu_seconds();
        let tags: Vec<Vec<u16>> = lex
            .iter()
            .map(|l| {
                let mut out = Vec::new();
                tagger::tag(&syntax.tagger, &syntax.lexicon, l, &mut out);
                out
            })
            .collect();
        tag_rates.push(per_second(t));
        let t = cpu_seconds();
        let heads: Vec<Vec<u32>> = lex
            .iter()
            .zip(&tags)
            .map(|(l, tg)| {
                let mut out = Vec::new();
                parser::parse(&syntax.parser, &Input::new(l, tg), &mut out);
                out
            })
            .collect();
        parse_rates.push(per_second(t));
        let t = cpu_seconds();
        let mut labels = Vec::new();
        for ((l, tg), h) in lex.iter().zip(&tags).zip(&heads) {
            let children = Children::of(h);
            labeler::label(&syntax.labeler, &Tree { lex: l, tags: tg, heads: h, children: &children }, &mut labels);
        }
        label_rates.push(per_second(t));
        let t = cpu_seconds();
        for l in &lex {
            std::hint::black_box(syntax.parse_lexical(l));
        }
        all_rates.push(per_second(t));
        let t = cpu_seconds();
        let slices: Vec<&[Lexical]> = lex.iter().map(Vec::as_slice).collect();
        std::hint::black_box(syntax.parse_many(&slices));
        many_rates.push(per_second(t));
    }
    println!(
        "{} sentences, {:.1} words per sentence, median of {rounds} rounds, one thread",
        sentences.len(),
        words as f64 / sentences.len() as f64
    );
    println!("  tagger      {:>9.0} sentences/s", median(tag_rates));
    println!("  parser      {:>9.0} sentences/s", median(parse_rates));
    println!("  labeller    {:>9.0} sentences/s", median(label_rates));
    println!("  all three   {:>9.0} sentences/s  (one sentence at a time)", median(all_rates));
    println!("  all three   {:>9.0} sentences/s  (parse_many)", median(many_rates));
    Ok(())
}
