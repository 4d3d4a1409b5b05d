//! The HTML extraction figure: on the 20 pages under tests/data/html
//! (written for dyad in the shapes of news sites), every body paragraph is
//! kept and no boilerplate line is. Boilerplate is read from the page
//! itself: every leaf element's text that is not part of the body or the
//! title. Run with `--nocapture` to see the counts.

use std::path::{Path, PathBuf};

use dyad_sources::html::extract_article;

#[derive(serde::Deserialize)]
struct Meta {
    title: String,
    date: String,
    outlet: String,
    saved_from: Option<String>,
}

fn pages() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/html");
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "html")).collect();
    pages.sort();
    pages
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every element without element children, minus what belongs
/// to the article (a body paragraph or the title contains it).
fn boilerplate_lines(html: &str, keep: &[String]) -> Vec<String> {
    let dom = dom_query::Document::from(html);
    let body = dom.select("body");
    let mut lines: Vec<String> = body
        .select("*")
        .nodes()
        .iter()
        .filter(|n| n.element_children().is_empty())
        .map(|n| squash(&n.text()))
        .filter(|t| t.len() > 3 && !keep.iter().any(|k| k.contains(t.as_str())))
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn every_body_paragraph_and_no_boilerplate() {
    let pages = pages();
    assert_eq!(pages.len(), 20);
    let (mut kept, mut paragraphs, mut leaked, mut boilerplate) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let expected: Vec<String> = std::fs::read_to_string(page.with_extension("expected")).unwrap().lines().map(squash).collect();
        let meta: Meta = serde_json::from_str(&std::fs::read_to_string(page.with_extension("meta.json")).unwrap()).unwrap();
        let article = extract_article(&html, meta.saved_from.as_deref()).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let name = page.file_name().unwrap().to_string_lossy();
        let found = (article.title.as_deref(), article.date.map(|d| d.to_string()), article.outlet.as_deref());
        if found != (Some(meta.title.as_str()), Some(meta.date.clone()), Some(meta.outlet.as_str())) {
            problems.push(format!("{name}: title, date, outlet read as {found:?}"));
        }
        let extracted: Vec<String> = article.body.split("\n\n").map(squash).collect();
        for p in &expected {
            paragraphs += 1;
            if extracted.contains(p) {
                kept += 1;
            } else {
                problems.push(format!("{name}: body paragraph lost: {p}"));
            }
        }
        let mut keep = expected.clone();
        keep.push(meta.title.clone());
        for line in boilerplate_lines(&html, &keep) {
            boilerplate += 1;
            if extracted.iter().any(|e| e.contains(&line)) {
                leaked += 1;
                problems.push(format!("{name}: boilerplate kept: {line}"));
            }
        }
    }
    println!(
        "HTML extraction: {kept}/{paragraphs} body paragraphs kept, {leaked}/{boilerplate} boilerplate lines kept, over {} pages",
        pages.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
