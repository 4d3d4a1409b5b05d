use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use dyad::document::read_path;

use dyad_eval::gold::{self, Gold};
use dyad_eval::score::{score_articles, score_texts, ArticleScores, Ratio, TextScores};

use super::load_coder;

#[derive(clap::Args)]
pub struct Args {
    /// Gold JSON Lines: the development-set form (id, text, cameo, ...) or
    /// the article form (doc_id, sentence, source, target, code); or a
    /// news-dev directory (articles/*.txt and gold/*.jsonl).
    #[arg(long)]
    gold: String,
    /// Documents for the article form.
    #[arg(long)]
    docs: Option<String>,
    #[arg(long)]
    dict: Option<PathBuf>,
    /// List every miss and false alarm with what dyad produced.
    #[arg(long)]
    explain: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Fail (exit 1) when a figure falls below the floors in this file.
    #[arg(long)]
    floors: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if std::path::Path::new(&args.gold).is_dir() {
        return news_dev(&args);
    }
    let gold = match gold::read(&args.gold) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("dyad eval: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let coder = load_coder(args.dict.as_ref(), false)?;
    match gold {
        Gold::Texts(items) => {
            let s = score_texts(&coder, &items);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                print_texts(&args.gold, items.len(), &s, args.explain);
            }
            match &args.floors {
                Some(f) => check_floors(f, &s),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        Gold::Articles(items) => {
            let Some(docs_path) = &args.docs else {
                eprintln!("dyad eval: {} is in the article form (doc_id ...); give the documents with --docs FILE.jsonl", args.gold);
                return Ok(ExitCode::from(2));
            };
            score_and_print(&args, &coder, docs_path, &items)
        }
    }
}

/// A news-dev directory: its articles scored against its gold.
fn news_dev(args: &Args) -> Result<ExitCode> {
    let dir = std::path::Path::new(&args.gold);
    let items = match gold::read_news_dev(dir) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("dyad eval: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let coder = load_coder(args.dict.as_ref(), false)?;
    score_and_print(args, &coder, &dir.join("articles").display().to_string(), &items)
}

fn score_and_print(args: &Args, coder: &dyad::Coder, docs_path: &str, items: &[gold::ArticleItem]) -> Result<ExitCode> {
    let mut docs = Vec::new();
    for item in read_path(docs_path) {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("dyad eval: {e}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let s = score_articles(coder, &docs, items);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print_articles(&args.gold, &s, args.explain);
    }
    Ok(ExitCode::SUCCESS)
}

fn line(name: &str, r: &Ratio) {
    println!("  {name:<52} {:.3}  ({}/{})", r.value(), r.hits, r.total);
}

fn print_texts(path: &str, n: usize, s: &TextScores, explain: bool) {
    println!("dyad eval {path}: {n} texts, one expected event each ({} name actors)", s.root_actor_recall.total);
    line("root recall (events of any modality)", &s.root_recall);
    line("root recall (asserted events only)", &s.root_recall_asserted);
    line("first asserted event has the gold root", &s.first_asserted_root);
    line("root + source and target country recall", &s.root_actor_recall);
    line("full code + full actor codes recall", &s.full_recall);
    line("gold actor countries among recognised actors", &s.actor_recall);
    println!("  precision is not defined for this form: each text lists one expected event, not all of them");
    println!("\nper root            texts  root-recall  root+actors");
    for (root, row) in &s.per_root {
        let ra = if row.root_actors.total > 0 {
            format!("{:.2} ({}/{})", row.root_actors.value(), row.root_actors.hits, row.root_actors.total)
        } else {
            "-".into()
        };
        println!("  {root:<16} {:>6}  {:>11.2}  {ra}", row.root.total, row.root.value());
    }
    println!("\nconfusion (gold root -> root of the first asserted event)");
    for (gold, row) in &s.confusion {
        let cells: Vec<String> = row.iter().map(|(p, c)| if p == gold { format!("[{p}]x{c}") } else { format!("{p}x{c}") }).collect();
        println!("  {gold}: {}", cells.join(" "));
    }
    if explain {
        println!("\nmisses ({}):", s.misses.len());
        for m in &s.misses {
            println!(
                "- {} expected {}\n  {}\n  produced: {}\n  actors: {}",
                m.id,
                m.expected,
                m.text,
                if m.produced.is_empty() { "nothing".to_string() } else { m.produced.join("; ") },
                m.actors.join(" ")
            );
        }
        println!("\nactor misses ({}):", s.actor_misses.len());
        for m in &s.actor_misses {
            println!("- {} expected {}\n  {}\n  recognised: {}", m.id, m.expected, m.text, m.actors.join(" "));
        }
    }
}

fn print_articles(path: &str, s: &ArticleScores, explain: bool) {
    println!("dyad eval {path} (asserted events only)");
    println!("  {:<34} {:>9} {:>9} {:>9}", "level", "precision", "recall", "F1");
    for (name, prf) in [("root", &s.root), ("root + source/target country", &s.root_countries), ("full code + full actor codes", &s.full)] {
        println!("  {name:<34} {:>9.3} {:>9.3} {:>9.3}", prf.precision(), prf.recall(), prf.f1());
    }
    println!("  negated gold events output as asserted: {}", s.negated_as_asserted);
    let l = &s.location;
    if l.same_country.total + l.none_where_none.total > 0 {
        println!("\nlocations of the matched events (root + countries)");
        line("same country as gold", &l.same_country);
        line("city-level gold: within 25 km", &l.city_within_25km);
        line("no location where gold has none", &l.none_where_none);
        println!("  {:<52} {}", "places output as targets", l.places_as_targets);
    }
    println!("\nper root (root + countries)   precision recall F1");
    for (root, prf) in &s.per_root {
        println!("  {root:<27} {:>9.2} {:>6.2} {:>5.2}", prf.precision(), prf.recall(), prf.f1());
    }
    if explain {
        println!("\nmisses ({}):", s.misses.len());
        s.misses.iter().for_each(|m| println!("- {m}"));
        println!("\nfalse alarms ({}):", s.false_alarms.len());
        s.false_alarms.iter().for_each(|m| println!("- {m}"));
        println!("\nlocation misses ({}):", s.location.misses.len());
        s.location.misses.iter().for_each(|m| println!("- {m}"));
    }
}

/// Floors file: `name value` lines; names are root_recall,
/// root_actor_recall and actor_recall.
fn check_floors(path: &PathBuf, s: &TextScores) -> Result<ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let mut failed = false;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.split('#').next().unwrap_or("").trim();
        if l.is_empty() {
            continue;
        }
        let mut parts = l.split_whitespace();
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            return Err(anyhow!("{}:{}: expected `name value`", path.display(), i + 1));
        };
        let floor: f64 = value.parse().map_err(|_| anyhow!("{}:{}: {value:?} is not a number", path.display(), i + 1))?;
        let actual = match name {
            "root_recall" => s.root_recall.value(),
            "root_actor_recall" => s.root_actor_recall.value(),
            "actor_recall" => s.actor_recall.value(),
            other => return Err(anyhow!("{}:{}: unknown figure {other:?}", path.display(), i + 1)),
        };
        let ok = actual + 1e-9 >= floor;
        println!("floor {name}: {actual:.3} {} {floor:.3}", if ok { ">=" } else { "<" });
        failed |= !ok;
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
