//! Reading gold sets in either of two forms.
//!
//! (a) The development-set form, one expected event per text:
//!     `{"id", "text", "cameo", "root", "source": [{"text","code"}], "target": [...]}`.
//! (b) The article form, one expected event per line, with the documents in
//!     a separate JSON Lines file (`--docs`):
//!     `{"doc_id", "sentence", "source", "target", "code"}`, optionally with
//!     the news-dev fields `alt_codes`, `source_alt`, `target_alt`,
//!     `modality` and `location`.
//! (c) A news-dev directory: `articles/*.txt` and `gold/*.jsonl` in the
//!     article form without `doc_id` (the gold file's name is the article's
//!     id).

use std::fmt;
use std::path::Path;

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct GoldActor {
    #[serde(default)]
    pub text: String,
    pub code: String,
}

/// One expected event of the development-set form.
#[derive(Clone, Debug, Deserialize)]
pub struct TextItem {
    pub id: String,
    pub text: String,
    pub cameo: String,
    pub root: Option<String>,
    pub source: Option<Vec<GoldActor>>,
    pub target: Option<Vec<GoldActor>>,
}

impl TextItem {
    pub fn root(&self) -> &str {
        self.root.as_deref().unwrap_or(&self.cameo[..2.min(self.cameo.len())])
    }

    /// Whether the item names its actors (the 192 of the development set).
    pub fn has_actors(&self) -> bool {
        self.source.as_ref().is_some_and(|s| !s.is_empty())
    }
}

/// One expected event of the article form.
#[derive(Clone, Debug, Deserialize)]
pub struct ArticleItem {
    pub doc_id: String,
    pub sentence: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub code: String,
    /// Codes and actor codes a careful coder could choose instead.
    #[serde(default)]
    pub alt_codes: Vec<String>,
    #[serde(default)]
    pub source_alt: Vec<String>,
    #[serde(default)]
    pub target_alt: Vec<String>,
    /// negated, hypothetical, conditional or future; absent when the act
    /// happened.
    pub modality: Option<String>,
    /// Absent when the gold set does not mark places; `Some(None)` when it
    /// says the text gives none.
    #[serde(default, deserialize_with = "present")]
    pub location: Option<Option<GoldLocation>>,
}

/// Where a gold event happened.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldLocation {
    pub name: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// city, adm1, country or other.
    pub precision: String,
}

/// A field that is present (maybe `null`) is `Some`, so `null` and absent
/// differ.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

pub enum Gold {
    Texts(Vec<TextItem>),
    Articles(Vec<ArticleItem>),
}

#[derive(Debug)]
pub struct GoldError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for GoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for GoldError {}

/// Reads a gold file; the form is decided by the first record (a `text`
/// field means form (a), a `doc_id` field form (b)). Any bad line stops
/// the run before scoring.
pub fn read(path: &str) -> Result<Gold, GoldError> {
    let err = |line: usize, message: String| GoldError { path: path.to_string(), line, message };
    let content = std::fs::read_to_string(path).map_err(|e| err(0, format!("cannot read: {e}")))?;
    let mut texts = Vec::new();
    let mut articles = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| err(n, format!("not JSON: {e}")))?;
        let article_form = value.get("doc_id").is_some();
        if article_form {
            if !texts.is_empty() {
                return Err(err(n, "mixes the article form (doc_id) with the text form".into()));
            }
            articles.push(serde_json::from_value::<ArticleItem>(value).map_err(|e| err(n, format!("bad article-form record: {e}")))?);
        } else {
            if !articles.is_empty() {
                return Err(err(n, "mixes the text form with the article form (doc_id)".into()));
            }
            let item = serde_json::from_value::<TextItem>(value).map_err(|e| err(n, format!("bad record (needs id, text, cameo): {e}")))?;
            if item.cameo.len() < 3 || !item.cameo.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(n, format!("cameo {:?} is not a three- or four-digit code", item.cameo)));
            }
            texts.push(item);
        }
    }
    if texts.is_empty() && articles.is_empty() {
        return Err(err(0, "no records".into()));
    }
    Ok(if articles.is_empty() { Gold::Texts(texts) } else { Gold::Articles(articles) })
}

/// Reads a news-dev directory: the gold of every `gold/NAME.jsonl`, with
/// `doc_id` NAME, in file order.
pub fn read_news_dev(dir: &Path) -> Result<Vec<ArticleItem>, GoldError> {
    let gold_dir = dir.join("gold");
    let origin = gold_dir.display().to_string();
    let listing =
        std::fs::read_dir(&gold_dir).map_err(|e| GoldError { path: origin.clone(), line: 0, message: format!("cannot list: {e}") })?;
    let mut paths: Vec<_> =
        listing.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect();
    paths.sort();
    let mut items = Vec::new();
    for path in paths {
        let doc_id = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let name = path.display().to_string();
        let content =
            std::fs::read_to_string(&path).map_err(|e| GoldError { path: name.clone(), line: 0, message: format!("cannot read: {e}") })?;
        for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let bad = |message: String| GoldError { path: name.clone(), line: i + 1, message };
            let mut value: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
            value["doc_id"] = serde_json::Value::String(doc_id.clone());
            items.push(serde_json::from_value(value).map_err(|e| bad(format!("bad news-dev record: {e}")))?);
        }
    }
    if items.is_empty() {
        return Err(GoldError { path: origin, line: 0, message: "no gold records".into() });
    }
    Ok(items)
}

/// The country part of an actor code, with the development set's legacy
/// spellings mapped to dyad's ("JAP" is Japan's old CAMEO code; ISO is JPN).
pub fn country(code: &str) -> String {
    let c = code.get(..3).unwrap_or(code).to_ascii_uppercase();
    match c.as_str() {
        "JAP" => "JPN".to_string(),
        "KSV" => "XKX".to_string(),
        _ => c,
    }
}
