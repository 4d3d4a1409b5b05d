use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use dyad::document::read_path;

use dyad_eval::gold::{self, Gold};
use dyad_eval::newsdev::{self, NewsScores};
use dyad_eval::score::{score_articles, score_texts, ArticleScores, Ratio, TextScores};

use super::load_coder;

#[derive(clap::Args)]
pub struct Args {
    /// Gold JSON Lines: the development-set form (id, text, cameo, ...) or
    /// the article form (doc_id, sentence, source, target, code); with
    /// --articles, the folder of per-article gold files.
    #[arg(long)]
    gold: String,
    /// A folder of news articles (`NAME.txt`) whose gold events are in
    /// `--gold DIR/NAME.jsonl`; scored on all articles and on the A- and
    /// B-named halves.
    #[arg(long)]
    articles: Option<PathBuf>,
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
    if let Some(dir) = &args.articles {
        return run_news(&args, dir);
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
            let s = score_articles(&coder, &docs, &items);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                print_articles(&args.gold, &s, args.explain);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
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
    println!("\nper root (root + countries)   precision recall F1");
    for (root, prf) in &s.per_root {
        println!("  {root:<27} {:>9.2} {:>6.2} {:>5.2}", prf.precision(), prf.recall(), prf.f1());
    }
    if explain {
        println!("\nmisses ({}):", s.misses.len());
        s.misses.iter().for_each(|m| println!("- {m}"));
        println!("\nfalse alarms ({}):", s.false_alarms.len());
        s.false_alarms.iter().for_each(|m| println!("- {m}"));
    }
}

fn run_news(args: &Args, dir: &std::path::Path) -> Result<ExitCode> {
    let articles = match newsdev::read(dir, args.gold.as_ref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("dyad eval: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let coder = load_coder(args.dict.as_ref(), false)?;
    let halves = [("all", vec![]), ("A half", vec!["A"]), ("B half", vec!["B"])];
    let scores: Vec<(&str, NewsScores)> = halves
        .iter()
        .map(|(name, prefixes)| (*name, newsdev::score(&coder, &articles, prefixes, args.explain && prefixes.is_empty())))
        .collect();
    if args.json {
        let map: std::collections::BTreeMap<&str, &NewsScores> = scores.iter().map(|(n, s)| (*n, s)).collect();
        println!("{}", serde_json::to_string_pretty(&map)?);
    } else {
        print_news(&args.gold, &scores);
    }
    match &args.floors {
        Some(f) => super::check_floors(f, |name| {
            let all = &scores[0].1;
            match name {
                "news_f1" => Some(all.all.f1()),
                "news_f1_high_medium" => Some(all.high_medium.f1()),
                "news_negated_as_asserted_max" => Some(all.negated_as_asserted as f64),
                "location_same_country" => Some(all.location.same_country.value()),
                "location_city_within_25km" => Some(all.location.city_within_25km.value()),
                "location_none_where_none" => Some(all.location.none_where_none.value()),
                "location_places_as_targets_max" => Some(all.location.places_as_targets as f64),
                _ => None,
            }
        }),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn print_news(path: &str, scores: &[(&str, NewsScores)]) {
    println!("dyad eval {path} (asserted events; same sentence, root, source and target country)");
    println!("  {:<8} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9}", "set", "articles", "P", "R", "F1", "F1 h+m", "gold", "negated");
    for (name, s) in scores {
        println!(
            "  {name:<8} {:>8} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>9} {:>9}",
            s.articles,
            s.all.precision(),
            s.all.recall(),
            s.all.f1(),
            s.high_medium.f1(),
            format!("{}/{}", s.all.gold_found, s.all.gold),
            s.negated_as_asserted
        );
    }
    for (name, s) in scores {
        let l = &s.location;
        if l.same_country.total + l.none_where_none.total > 0 {
            println!("\nlocations of the matched events ({name})");
            line("same country as gold", &l.same_country);
            line("city-level gold: within 25 km", &l.city_within_25km);
            line("no location where gold has none", &l.none_where_none);
            println!("  {:<52} {}", "places output as targets", l.places_as_targets);
        }
    }
    let all = &scores[0].1;
    let l = &all.location;
    println!(
        "
per root (all)   P      R      F1     gold  output"
    );
    for (root, c) in &all.per_root {
        println!("  {root:<12} {:>6.2} {:>6.2} {:>6.2} {:>6} {:>6}", c.precision(), c.recall(), c.f1(), c.gold, c.output);
    }
    if !all.misses.is_empty() || !all.false_alarms.is_empty() {
        println!(
            "
misses ({}):",
            all.misses.len()
        );
        all.misses.iter().for_each(|m| println!("- {m}"));
        println!(
            "
false alarms ({}):",
            all.false_alarms.len()
        );
        all.false_alarms.iter().for_each(|m| println!("- {m}"));
        println!("\nhits ({}):", all.hits.len());
        all.hits.iter().for_each(|m| println!("- {m}"));
        println!("\nlocation misses ({}):", l.misses.len());
        l.misses.iter().for_each(|m| println!("- {m}"));
    }
}

/// Floors file: `name value` lines; names are root_recall,
/// root_actor_recall and actor_recall.
fn check_floors(path: &PathBuf, s: &TextScores) -> Result<ExitCode> {
    super::check_floors(path, |name| match name {
        "root_recall" => Some(s.root_recall.value()),
        "root_actor_recall" => Some(s.root_actor_recall.value()),
        "actor_recall" => Some(s.actor_recall.value()),
        _ => None,
    })
}
