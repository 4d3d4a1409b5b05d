//! Reading documents: plain-text articles with optional front matter, JSON
//! Lines with one document per line, and single strings.
//!
//! Every failure is an [`InputError`] naming the file and, where there is
//! one, the line, so one bad document never stops the others.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::value::RawValue;

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
    /// Where the document was read (`file` or `file:line`), for error
    /// messages.
    pub origin: Option<String>,
}

impl Document {
    pub fn from_text(id: impl Into<String>, text: impl Into<String>, date: Option<NaiveDate>) -> Document {
        let text = text.into();
        let title = text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string);
        Document { id: id.into(), date, url: None, source: None, title, text, origin: None }
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
    stream_path(path).collect()
}

/// The documents named by `path` (as [`read_path`]), read as they are
/// consumed: JSON Lines line by line, so memory does not grow with the
/// input.
pub fn stream_path(path: &str) -> Box<dyn Iterator<Item = Item> + Send> {
    if path == "-" {
        return stream_stdin();
    }
    let p = Path::new(path);
    if p.is_dir() {
        let mut files = Vec::new();
        if let Err(e) = collect_files(p, &mut files) {
            return Box::new(std::iter::once(Err(InputError::new(path, None, format!("cannot list directory: {e}")))));
        }
        if files.is_empty() {
            return Box::new(std::iter::once(Err(InputError::new(path, None, "directory holds no .txt or .jsonl files"))));
        }
        return Box::new(files.into_iter().flat_map(|f| stream_file(&f)));
    }
    stream_file(p)
}

/// Standard input holds JSON Lines when its first non-blank character opens
/// an object, otherwise one plain-text article.
fn stream_stdin() -> Box<dyn Iterator<Item = Item> + Send> {
    let mut input = BufReader::new(std::io::stdin());
    let first = loop {
        match input.fill_buf() {
            Ok([]) => break None,
            Ok(buf) => match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => break Some(buf[i]),
                None => {
                    let n = buf.len();
                    input.consume(n);
                }
            },
            Err(e) => return Box::new(std::iter::once(Err(InputError::new("<stdin>", None, format!("cannot read: {e}"))))),
        }
    };
    if first == Some(b'{') {
        return Box::new(JsonLines::new("<stdin>", "stdin", input));
    }
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        return Box::new(std::iter::once(Err(InputError::new("<stdin>", None, format!("cannot read: {e}")))));
    }
    Box::new(std::iter::once(read_article("<stdin>", "stdin", &bytes)))
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
    stream_file(path).collect()
}

fn stream_file(path: &Path) -> Box<dyn Iterator<Item = Item> + Send> {
    let name = path.display().to_string();
    let fail = |message: String| -> Box<dyn Iterator<Item = Item> + Send> {
        Box::new(std::iter::once(Err(InputError::new(&name, None, message))))
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return fail("no such file or directory".into()),
        Err(e) => return fail(format!("cannot read: {e}")),
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_string();
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        return match std::fs::File::open(path) {
            Ok(file) => Box::new(JsonLines::new(&name, &stem, BufReader::new(file))),
            Err(e) => fail(format!("cannot read: {e}")),
        };
    }
    if meta.len() as usize > MAX_DOCUMENT_BYTES {
        return fail(format!(
            "file is {} MB; a single article may be at most {} MB (split it, or use JSON Lines)",
            meta.len() / (1024 * 1024),
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ));
    }
    match std::fs::read(path) {
        Ok(bytes) => Box::new(std::iter::once(read_article(&name, &stem, &bytes))),
        Err(e) => fail(format!("cannot read: {e}")),
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
    doc.origin = Some(name.to_string());
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

/// Document dates outside these years are input errors: news is dated
/// within them, and every date dyad derives stays a four-digit year.
pub const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// Parses `YYYY-MM-DD`, or the date part of an ISO 8601 timestamp.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let day = value.get(..10).unwrap_or(value);
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("date {value:?} is not YYYY-MM-DD"))?;
    if !YEARS.contains(&date.year()) {
        return Err(format!("date {value:?} is outside the years {} to {}", YEARS.start(), YEARS.end()));
    }
    Ok(date)
}

/// A document id as given: a string, or an integer written exactly as in
/// the input. A number JSON readers would round (a fraction, an exponent,
/// more digits than 64 bits hold) is refused rather than changed.
pub fn id_from_json(text: &str) -> Result<Option<String>, String> {
    if text == "null" {
        return Ok(None);
    }
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text).map(Some).map_err(|e| e.to_string());
    }
    let exact = text.parse::<u64>().is_ok() || text.parse::<i64>().is_ok();
    if exact {
        return Ok(Some(text.to_string()));
    }
    if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(format!("field \"id\" {text} is not an integer that fits in 64 bits; give such ids as strings"));
    }
    Err("field \"id\" must be a string or a number".to_string())
}

/// The fields of one document, as a library caller (the Python package)
/// gives them; only `text` is required. `id` is the id as text, already
/// checked (see [`id_from_json`]).
#[derive(Debug, Default)]
pub struct DocumentFields {
    pub id: Option<String>,
    pub date: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// One JSON line as read: the id kept raw so a number is taken exactly as
/// written.
#[derive(Deserialize)]
struct JsonDocument {
    id: Option<Box<RawValue>>,
    date: Option<String>,
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Parses JSON Lines; each bad line is its own error and the rest go on.
pub fn read_jsonl(name: &str, stem: &str, bytes: &[u8]) -> Vec<Item> {
    JsonLines::new(name, stem, bytes).collect()
}

/// Documents of a JSON Lines source, one line at a time. A bad line (not
/// JSON, invalid UTF-8, a NUL byte, too long) is an error for that line
/// only; a line is never held beyond [`MAX_DOCUMENT_BYTES`].
pub struct JsonLines<R> {
    name: String,
    stem: String,
    input: R,
    line_no: usize,
    line: Vec<u8>,
    yielded: bool,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(name: &str, stem: &str, input: R) -> JsonLines<R> {
        JsonLines { name: name.to_string(), stem: stem.to_string(), input, line_no: 0, line: Vec::new(), yielded: false, done: false }
    }

    /// Reads the next line into `self.line` (at most the size limit);
    /// false at the end of the input. Returns whether the line was cut.
    fn next_line(&mut self) -> std::io::Result<Option<bool>> {
        self.line.clear();
        let mut cut = false;
        let mut any = false;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(any.then_some(cut));
            }
            any = true;
            let (chunk, found) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            let room = (MAX_DOCUMENT_BYTES + 1).saturating_sub(self.line.len());
            cut |= chunk.len() > room;
            self.line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = found.unwrap_or(buf.len());
            self.input.consume(used);
            if found.is_some() {
                return Ok(Some(cut));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let cut = match self.next_line() {
                Ok(Some(cut)) => cut,
                Ok(None) => break,
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::new(&self.name, Some(self.line_no + 1), format!("cannot read: {e}"))));
                }
            };
            self.line_no += 1;
            let line_no = self.line_no;
            let item = if cut || self.line.len() > MAX_DOCUMENT_BYTES {
                Err(InputError::new(&self.name, Some(line_no), "document is larger than 10 MB"))
            } else if self.line.contains(&0) {
                Err(InputError::new(&self.name, Some(line_no), "line contains a NUL byte, not text"))
            } else {
                match std::str::from_utf8(&self.line) {
                    Err(_) => Err(InputError::new(&self.name, Some(line_no), "invalid UTF-8")),
                    Ok(line) if line.trim().is_empty() => continue,
                    Ok(line) => parse_json_document(&self.name, &self.stem, line_no, line.trim()),
                }
            };
            self.yielded = true;
            return Some(item);
        }
        self.done = true;
        if !self.yielded {
            self.yielded = true;
            return Some(Err(InputError::new(&self.name, None, "empty file")));
        }
        None
    }
}

fn parse_json_document(name: &str, stem: &str, line_no: usize, line: &str) -> Item {
    if line.len() > MAX_DOCUMENT_BYTES {
        return Err(InputError::new(name, Some(line_no), "document is larger than 10 MB"));
    }
    let parsed: JsonDocument =
        serde_json::from_str(line).map_err(|e| InputError::new(name, Some(line_no), format!("not a JSON object: {e}")))?;
    let id = match parsed.id.as_deref().map(|raw| id_from_json(raw.get())).transpose() {
        Ok(id) => id.flatten(),
        Err(message) => return Err(InputError::new(name, Some(line_no), message)),
    };
    let fields = DocumentFields { id, date: parsed.date, text: parsed.text, title: parsed.title, url: parsed.url, source: parsed.source };
    fields.into_document(name, stem, line_no)
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
        let id = self.id.unwrap_or_else(|| format!("{stem}:{line_no}"));
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
        Ok(Document { id, date, url: self.url, source: self.source, title: self.title, text, origin: Some(format!("{name}:{line_no}")) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_from_a_library_caller_become_a_document() {
        let fields = DocumentFields {
            id: id_from_json("7").unwrap(),
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

    #[test]
    fn a_nul_byte_or_bad_line_costs_that_line_only() {
        let items = read_jsonl(
            "d.jsonl",
            "d",
            b"{\"text\": \"Kyiv \x00 thanked Warsaw.\"}\n{\"text\": \"bad \xff\"}\n{\"text\": \"Moscow met Kyiv.\"}\n",
        );
        let errors: Vec<String> = items.iter().filter_map(|i| i.as_ref().err().map(ToString::to_string)).collect();
        assert_eq!(errors, ["d.jsonl:1: line contains a NUL byte, not text", "d.jsonl:2: invalid UTF-8"]);
        assert_eq!(items[2].as_ref().map(|d| d.id.as_str()), Ok("d:3"));
    }

    #[test]
    fn ids_are_kept_exactly_and_inexact_numbers_refused() {
        let items = read_jsonl(
            "i.jsonl",
            "i",
            b"{\"id\": \" 007 \", \"text\": \"a\"}\n{\"id\": 18446744073709551615, \"text\": \"a\"}\n{\"id\": -12, \"text\": \"a\"}\n{\"id\": 100000000000000000000000, \"text\": \"a\"}\n{\"id\": 1e3, \"text\": \"a\"}\n{\"id\": 1.5, \"text\": \"a\"}\n{\"id\": [1], \"text\": \"a\"}\n",
        );
        let ids: Vec<Result<&str, String>> = items.iter().map(|i| i.as_ref().map(|d| d.id.as_str()).map_err(|e| e.to_string())).collect();
        assert_eq!(&ids[..3], [Ok(" 007 "), Ok("18446744073709551615"), Ok("-12")]);
        assert_eq!(
            ids[3],
            Err("i.jsonl:4: field \"id\" 100000000000000000000000 is not an integer that fits in 64 bits; give such ids as strings".into())
        );
        assert!(ids[4].as_ref().is_err_and(|e| e.contains("1e3 is not an integer")), "{:?}", ids[4]);
        assert!(ids[5].as_ref().is_err_and(|e| e.contains("1.5 is not an integer")), "{:?}", ids[5]);
        assert_eq!(ids[6], Err("i.jsonl:7: field \"id\" must be a string or a number".into()));
    }

    #[test]
    fn dates_outside_1800_to_2200_are_input_errors() {
        assert_eq!(parse_date("0000-01-01"), Err("date \"0000-01-01\" is outside the years 1800 to 2200".into()));
        assert!(parse_date("9999-12-31").is_err());
        assert_eq!(parse_date("1800-01-01"), Ok(NaiveDate::from_ymd_opt(1800, 1, 1).unwrap()));
        let e = read_jsonl("d.jsonl", "d", b"{\"text\": \"a\", \"date\": \"2201-01-01\"}\n");
        assert!(e[0].as_ref().is_err_and(|e| e.to_string().starts_with("d.jsonl:1: date")));
    }

    #[test]
    fn a_line_over_the_size_limit_is_refused_without_being_held() {
        let mut input = b"{\"text\": \"".to_vec();
        input.resize(MAX_DOCUMENT_BYTES + 100, b'a');
        input.extend_from_slice(b"\"}\n{\"text\": \"Moscow met Kyiv.\"}\n");
        let items = read_jsonl("big.jsonl", "big", &input);
        assert_eq!(items[0].as_ref().unwrap_err().to_string(), "big.jsonl:1: document is larger than 10 MB");
        assert_eq!(items[1].as_ref().map(|d| d.id.as_str()), Ok("big:2"));
    }
}
