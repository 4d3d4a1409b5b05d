//! Reading documents: plain-text articles with optional front matter, JSON
//! Lines with one document per line, and single strings.
//!
//! Every failure is an [`InputError`] naming the file and, where there is
//! one, the line, so one bad document never stops the others.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

/// A document larger than this is refused rather than coded: news articles
/// are far smaller, and a huge single "article" is almost always a mistake.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    /// The full text as read: title and body. Every offset dyad reports
    /// points into this string.
    pub text: String,
}

impl Document {
    pub fn from_text(id: impl Into<String>, text: impl Into<String>, date: Option<NaiveDate>) -> Document {
        let text = text.into();
        let title = text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string);
        Document { id: id.into(), date, url: None, source: None, title, text }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl InputError {
    fn new(path: &str, line: Option<usize>, message: impl Into<String>) -> InputError {
        InputError { path: path.to_string(), line, message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// One input item: a document or the reason one could not be read.
pub type Item = Result<Document, InputError>;

/// Reads every document named by `path`: a `.txt` article, a `.jsonl`
/// file, a directory (every `.txt` and `.jsonl` under it, in name order) or
/// `-` for standard input.
pub fn read_path(path: &str) -> Vec<Item> {
    if path == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            return vec![Err(InputError::new("<stdin>", None, format!("cannot read: {e}")))];
        }
        return read_stdin_bytes(&bytes);
    }
    let p = Path::new(path);
    if p.is_dir() {
        let mut files = Vec::new();
        if let Err(e) = collect_files(p, &mut files) {
            return vec![Err(InputError::new(path, None, format!("cannot list directory: {e}")))];
        }
        if files.is_empty() {
            return vec![Err(InputError::new(path, None, "directory holds no .txt or .jsonl files"))];
        }
        return files.iter().flat_map(|f| read_file(f)).collect();
    }
    read_file(p)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, out)?;
        } else if matches!(entry.extension().and_then(|e| e.to_str()), Some("txt" | "jsonl")) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Reads one file, choosing the format by extension (`.jsonl` is JSON
/// Lines, anything else a plain-text article).
pub fn read_file(path: &Path) -> Vec<Item> {
    let name = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return vec![Err(InputError::new(&name, None, "no such file or directory"))],
        Err(e) => return vec![Err(InputError::new(&name, None, format!("cannot read: {e}")))],
    };
    let is_jsonl = path.extension().and_then(|e| e.to_str()) == Some("jsonl");
    if !is_jsonl && meta.len() as usize > MAX_DOCUMENT_BYTES {
        return vec![Err(InputError::new(
            &name,
            None,
            format!(
                "file is {} MB; a single article may be at most {} MB (split it, or use JSON Lines)",
                meta.len() / (1024 * 1024),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        ))];
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return vec![Err(InputError::new(&name, None, format!("cannot read: {e}")))],
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_string();
    if is_jsonl {
        read_jsonl(&name, &stem, &bytes)
    } else {
        vec![read_article(&name, &stem, &bytes)]
    }
}

/// Standard input holds JSON Lines when its first non-blank character opens
/// an object, otherwise one plain-text article.
pub fn read_stdin_bytes(bytes: &[u8]) -> Vec<Item> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        read_jsonl("<stdin>", "stdin", bytes)
    } else {
        vec![read_article("<stdin>", "stdin", bytes)]
    }
}

fn check_text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(InputError::new(name, None, "binary file (contains NUL bytes), not text"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        InputError::new(name, Some(line), format!("invalid UTF-8 at byte {at}"))
    })
}

/// Parses a plain-text article: optional front matter between two `---`
/// lines, then the title (first non-empty line) and the body.
pub fn read_article(name: &str, stem: &str, bytes: &[u8]) -> Item {
    let text = check_text(name, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::new(name, None, "empty file"));
    }
    let mut doc = Document::from_text(stem, "", None);
    let mut body = text;
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim) == Some("---") {
        let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
        let mut closed = false;
        for (idx, line) in lines.enumerate() {
            let line_no = idx + 2;
            offset += line.len();
            let l = line.trim();
            if l == "---" {
                closed = true;
                break;
            }
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let Some((key, value)) = l.split_once(':') else {
                return Err(InputError::new(name, Some(line_no), format!("front matter line is not `key: value`: {l:?}")));
            };
            let value = value.trim().trim_matches('"').to_string();
            match key.trim() {
                "id" => doc.id = value,
                "date" => doc.date = Some(parse_date(&value).map_err(|m| InputError::new(name, Some(line_no), m))?),
                "url" => doc.url = Some(value),
                "source" => doc.source = Some(value),
                "title" => doc.title = Some(value),
                other => {
                    return Err(InputError::new(
                        name,
                        Some(line_no),
                        format!("unknown front matter key {other:?} (expected id, date, url, source, title)"),
                    ))
                }
            }
        }
        if !closed {
            return Err(InputError::new(name, Some(1), "front matter opened with `---` is never closed"));
        }
        body = &text[offset.min(text.len())..];
        if body.trim().is_empty() {
            return Err(InputError::new(name, None, "article has front matter but no text"));
        }
    }
    if doc.title.is_none() {
        doc.title = body.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string);
    }
    doc.text = body.to_string();
    Ok(doc)
}

/// Parses `YYYY-MM-DD`, or the date part of an ISO 8601 timestamp.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let day = value.get(..10).unwrap_or(value);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("date {value:?} is not YYYY-MM-DD"))
}

/// The fields of one JSON document, as a JSON line or a library caller
/// (the Python package) gives them; only `text` is required.
#[derive(Debug, Default, Deserialize)]
pub struct DocumentFields {
    pub id: Option<serde_json::Value>,
    pub date: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// Parses JSON Lines; each bad line is its own error and the rest go on.
pub fn read_jsonl(name: &str, stem: &str, bytes: &[u8]) -> Vec<Item> {
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return vec![Err(InputError::new(name, None, "binary file (contains NUL bytes), not JSON Lines"))];
    }
    let mut out = Vec::new();
    for (idx, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line_no = idx + 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            out.push(Err(InputError::new(name, Some(line_no), "invalid UTF-8")));
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        out.push(parse_json_document(name, stem, line_no, line));
    }
    if out.is_empty() {
        out.push(Err(InputError::new(name, None, "empty file")));
    }
    out
}

fn parse_json_document(name: &str, stem: &str, line_no: usize, line: &str) -> Item {
    if line.len() > MAX_DOCUMENT_BYTES {
        return Err(InputError::new(name, Some(line_no), "document is larger than 10 MB"));
    }
    let parsed: DocumentFields =
        serde_json::from_str(line).map_err(|e| InputError::new(name, Some(line_no), format!("not a JSON object: {e}")))?;
    parsed.into_document(name, stem, line_no)
}

impl DocumentFields {
    /// Checks the fields and builds the document. Errors name `name` and
    /// `line_no`; a document without an id is called `stem:line_no`.
    pub fn into_document(self, name: &str, stem: &str, line_no: usize) -> Item {
        let Some(body) = self.text else {
            return Err(InputError::new(name, Some(line_no), "missing required field \"text\""));
        };
        if body.trim().is_empty() {
            return Err(InputError::new(name, Some(line_no), "field \"text\" is empty"));
        }
        let id = match self.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None | Some(serde_json::Value::Null) => format!("{stem}:{line_no}"),
            Some(_) => return Err(InputError::new(name, Some(line_no), "field \"id\" must be a string or a number")),
        };
        let date = match self.date.as_deref() {
            None | Some("") => None,
            Some(d) => Some(parse_date(d).map_err(|m| InputError::new(name, Some(line_no), m))?),
        };
        // The title is part of the coded text: it is a headline unit of its own.
        let text = match &self.title {
            Some(t) if !t.trim().is_empty() && !body.trim_start().starts_with(t.trim()) => {
                format!("{}\n\n{}", t.trim(), body)
            }
            _ => body,
        };
        Ok(Document { id, date, url: self.url, source: self.source, title: self.title, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_from_a_library_caller_become_a_document() {
        let fields = DocumentFields {
            id: Some(serde_json::json!(7)),
            date: Some("2025-09-12".into()),
            text: Some("Moscow paused talks.".into()),
            title: Some("Talks halted".into()),
            ..DocumentFields::default()
        };
        let doc = fields.into_document("docs", "docs", 1).unwrap();
        assert_eq!((doc.id.as_str(), doc.date), ("7", NaiveDate::from_ymd_opt(2025, 9, 12)));
        assert_eq!(doc.text, "Talks halted\n\nMoscow paused talks.");
        let missing = DocumentFields::default().into_document("docs", "docs", 3).unwrap_err();
        assert_eq!(missing.to_string(), "docs:3: missing required field \"text\"");
    }

    #[test]
    fn front_matter_and_title() {
        let doc = read_article("a.txt", "a", b"---\nid: x1\ndate: 2025-09-12\nsource: Wire\n---\nTalks halted\n\nMoscow paused talks.\n")
            .unwrap();
        assert_eq!(doc.id, "x1");
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2025, 9, 12));
        assert_eq!(doc.title.as_deref(), Some("Talks halted"));
        assert!(doc.text.starts_with("Talks halted"));
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let e = read_article("a.txt", "a", b"---\ndate: 12/09/2025\n---\nBody.\n").unwrap_err();
        assert_eq!(e.to_string(), "a.txt:2: date \"12/09/2025\" is not YYYY-MM-DD");
        let e = read_article("a.txt", "a", b"---\ndate: 2025-01-01\nBody.\n").unwrap_err();
        assert_eq!(e.to_string(), "a.txt:3: front matter line is not `key: value`: \"Body.\"");
        let e = read_article("a.txt", "a", b"---\ndate: 2025-01-01\n").unwrap_err();
        assert_eq!(e.to_string(), "a.txt:1: front matter opened with `---` is never closed");
    }

    #[test]
    fn rejects_binary_empty_and_invalid_utf8() {
        assert!(read_article("b", "b", b"\x00\x01abc").unwrap_err().message.contains("binary"));
        assert_eq!(read_article("e", "e", b"  \n").unwrap_err().message, "empty file");
        let e = read_article("u", "u", b"line one\nbad \xff byte").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (Some(2), "invalid UTF-8 at byte 13"));
    }

    #[test]
    fn jsonl_lines_fail_alone() {
        let items = read_jsonl("d.jsonl", "d", b"{\"text\": \"Moscow met Kyiv.\", \"date\": \"2025-01-02T10:00:00Z\"}\nnot json\n{\"id\": \"z\"}\n\n{\"id\": 7, \"title\": \"Head\", \"text\": \"Body.\"}\n");
        assert_eq!(items.len(), 4);
        let first = items[0].as_ref().unwrap();
        assert_eq!((first.id.as_str(), first.date), ("d:1", NaiveDate::from_ymd_opt(2025, 1, 2)));
        assert!(items[1].as_ref().unwrap_err().to_string().starts_with("d.jsonl:2: not a JSON object"));
        assert_eq!(items[2].as_ref().unwrap_err().to_string(), "d.jsonl:3: missing required field \"text\"");
        let last = items[3].as_ref().unwrap();
        assert_eq!((last.id.as_str(), last.text.as_str()), ("7", "Head\n\nBody."));
    }
}
