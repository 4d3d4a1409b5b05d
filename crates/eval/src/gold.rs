//! Reading gold sets in either of two forms.
//!
//! (a) The development-set form, one expected event per text:
//!     `{"id", "text", "cameo", "root", "source": [{"text","code"}], "target": [...]}`.
//! (b) The article form, one expected event per line, with the documents in
//!     a separate JSON Lines file (`--docs`):
//!     `{"doc_id", "sentence", "source", "target", "code"}`.

use std::fmt;

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
