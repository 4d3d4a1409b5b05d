//! Choosing the reader: by `--input-format`, or by the file's extension.

use std::io::Read;
use std::path::{Path, PathBuf};

use dyad_text::document::{stream_path, Item, MAX_DOCUMENT_BYTES};
use dyad_text::{Document, InputError};

use crate::feed::read_feed;
use crate::html::{article_document, extract_article};
use crate::warc::read_warc;

/// The input formats `dyad code` and `dyad ingest` read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.html`/`.htm`, `.xml`/`.rss`/`.atom`, `.warc`/`.warc.gz`,
    /// `.jsonl`, anything else a plain-text article.
    Auto,
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Ok(match name {
            "auto" => InputFormat::Auto,
            "text" => InputFormat::Text,
            "jsonl" => InputFormat::Jsonl,
            "html" => InputFormat::Html,
            "feed" => InputFormat::Feed,
            "warc" => InputFormat::Warc,
            other => return Err(format!("unknown input format {other:?} (auto, text, jsonl, html, feed, warc)")),
        })
    }
}

impl InputFormat {
    /// The format a file's name announces.
    pub fn of_path(path: &Path) -> InputFormat {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let ext = name.rsplit('.').next().unwrap_or("");
        match ext {
            "html" | "htm" | "xhtml" => InputFormat::Html,
            "xml" | "rss" | "atom" => InputFormat::Feed,
            "warc" => InputFormat::Warc,
            "gz" if name.ends_with(".warc.gz") => InputFormat::Warc,
            "jsonl" => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }
}

/// Every document named by `path` (a file, a directory, or `-` for
/// standard input) in `format`. WARC archives are read lazily, one record
/// at a time.
pub fn read_input(path: &str, format: InputFormat) -> Box<dyn Iterator<Item = Item> + Send> {
    if path == "-" {
        return match format {
            InputFormat::Html | InputFormat::Feed | InputFormat::Warc => Box::new(read_stdin(format).into_iter()),
            InputFormat::Auto | InputFormat::Text | InputFormat::Jsonl => stream_path(path),
        };
    }
    let p = Path::new(path);
    if !p.is_dir() {
        return read_input_file(p, format);
    }
    if matches!(format, InputFormat::Text | InputFormat::Jsonl) {
        return stream_path(path);
    }
    let mut files = Vec::new();
    if let Err(e) = collect_files(p, format, &mut files) {
        return error(path, format!("cannot list directory: {e}"));
    }
    if files.is_empty() {
        return error(path, "directory holds no files dyad reads (.txt, .jsonl, .html, .xml, .rss, .atom, .warc, .warc.gz)".to_string());
    }
    Box::new(files.into_iter().flat_map(move |f| read_input_file(&f, format)))
}

fn error(path: &str, message: String) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(std::iter::once(Err(InputError { path: path.to_string(), line: None, message })))
}

fn collect_files(dir: &Path, format: InputFormat, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, format, out)?;
        } else if is_wanted_file(&entry, format) {
            out.push(entry);
        }
    }
    Ok(())
}

/// In a directory only `.txt` files count as plain text: other unknown
/// extensions are pictures, stylesheets and the like.
fn is_wanted_file(path: &Path, format: InputFormat) -> bool {
    let own = InputFormat::of_path(path);
    let known = own != InputFormat::Text || path.extension().is_some_and(|e| e == "txt");
    known && (format == InputFormat::Auto || own == format)
}

fn read_input_file(path: &Path, format: InputFormat) -> Box<dyn Iterator<Item = Item> + Send> {
    let format = if format == InputFormat::Auto { InputFormat::of_path(path) } else { format };
    let name = path.display().to_string();
    match format {
        InputFormat::Warc => match read_warc(path) {
            Ok(docs) => Box::new(docs),
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        InputFormat::Html | InputFormat::Feed => match read_small_file(path) {
            Ok(bytes) => Box::new(read_markup(&name, &stem_of(path), &bytes, format).into_iter()),
            Err(e) => Box::new(std::iter::once(Err(e))),
        },
        InputFormat::Auto | InputFormat::Text | InputFormat::Jsonl => stream_path(&name),
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_string()
}

fn read_small_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let name = path.display().to_string();
    let fail = |message: String| InputError { path: name.clone(), line: None, message };
    let len = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?.len();
    if len as usize > MAX_DOCUMENT_BYTES {
        return Err(fail(format!("file is {} MB; a page or feed may be at most {} MB", len >> 20, MAX_DOCUMENT_BYTES >> 20)));
    }
    std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))
}

/// An HTML page or a feed held in memory.
fn read_markup(name: &str, stem: &str, bytes: &[u8], format: InputFormat) -> Vec<Item> {
    let fail = |message: String| InputError { path: name.to_string(), line: None, message };
    if format == InputFormat::Feed {
        return match read_feed(bytes) {
            Ok(items) if items.is_empty() => vec![Err(fail("feed has no items".to_string()))],
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| Ok(with_origin(item.into_document(), format!("{name}: item {}", i + 1))))
                .collect(),
            Err(e) => vec![Err(fail(e))],
        };
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return vec![Err(fail("binary file (contains NUL bytes), not HTML".to_string()))];
    }
    let html = String::from_utf8_lossy(bytes);
    vec![extract_article(&html, None)
        .map(|article| with_origin(article_document(stem.to_string(), article), name.to_string()))
        .map_err(fail)]
}

fn with_origin(doc: Document, origin: String) -> Document {
    Document { origin: Some(origin), ..doc }
}

/// An HTML page or feed on standard input (plain text and JSON Lines are
/// streamed by [`stream_path`]).
fn read_stdin(format: InputFormat) -> Vec<Item> {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes) {
        return vec![Err(InputError { path: "<stdin>".into(), line: None, message: format!("cannot read: {e}") })];
    }
    if format == InputFormat::Warc {
        return vec![Err(InputError { path: "<stdin>".into(), line: None, message: "WARC is read from files, not standard input".into() })];
    }
    read_markup("<stdin>", "stdin", &bytes, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_name() {
        assert_eq!("warc".parse(), Ok(InputFormat::Warc));
        assert!("pdf".parse::<InputFormat>().unwrap_err().contains("auto, text"));
    }

    #[test]
    fn format_by_extension() {
        let of = |p: &str| InputFormat::of_path(Path::new(p));
        assert_eq!(of("a/page.HTML"), InputFormat::Html);
        assert_eq!(of("feed.rss"), InputFormat::Feed);
        assert_eq!(of("CC-NEWS-1.warc.gz"), InputFormat::Warc);
        assert_eq!(of("x.tar.gz"), InputFormat::Text);
        assert_eq!(of("docs.jsonl"), InputFormat::Jsonl);
    }

    #[test]
    fn directory_of_mixed_files() {
        let dir = std::env::temp_dir().join(format!("dyad-input-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<html><body><article><h1>Strike</h1><p>Dockworkers walked out at the main port on Friday after talks on pay broke down late on Thursday.</p></article></body></html>";
        std::fs::write(dir.join("a.html"), page).unwrap();
        std::fs::write(dir.join("b.txt"), "Moscow suspended talks with Kyiv.\n").unwrap();
        std::fs::write(dir.join("c.png"), b"\x89PNG").unwrap();
        std::fs::write(
            dir.join("d.rss"),
            "<rss version=\"2.0\"><channel><title>F</title><item><title>Talks</title><guid>t1</guid></item></channel></rss>",
        )
        .unwrap();
        let docs: Vec<Item> = read_input(dir.to_str().unwrap(), InputFormat::Auto).collect();
        let html_only: Vec<Item> = read_input(dir.to_str().unwrap(), InputFormat::Html).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        let ids: Vec<String> = docs.iter().map(|d| d.as_ref().unwrap().id.clone()).collect();
        assert_eq!(ids, ["a", "b", "t1"]);
        assert_eq!(docs[0].as_ref().unwrap().title.as_deref(), Some("Strike"));
        assert_eq!(html_only.len(), 1);
    }

    #[test]
    fn html_that_is_binary_or_a_bad_feed_is_an_error() {
        let e = &read_markup("p.html", "p", b"\x00\x00", InputFormat::Html)[0];
        assert!(e.as_ref().unwrap_err().to_string().starts_with("p.html: binary file"));
        let e = &read_markup("f.xml", "f", b"not xml", InputFormat::Feed)[0];
        assert!(e.as_ref().unwrap_err().to_string().starts_with("f.xml: not an RSS or Atom feed"));
    }
}
