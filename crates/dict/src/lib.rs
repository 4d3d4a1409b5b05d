//! Where dyad's dictionaries come from, and how their errors are reported.
//!
//! The files under `dictionaries/` in the repository are compiled into the
//! binary. `--dict DIR` lays a directory over them: a file in DIR replaces
//! the built-in file with the same relative path, and new files are added,
//! so an analyst can add one file of actors without copying the rest.
//! Every parser reports problems as [`DictError`]s that name file and line.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use include_dir::{include_dir, Dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../dictionaries");

/// One dictionary file: its path relative to the dictionary root (always
/// with `/`) and its text.
#[derive(Clone, Debug)]
pub struct DictFile {
    pub path: String,
    /// Where the file came from, for error messages: `builtin:actors/x.txt`
    /// or the path on disk.
    pub origin: String,
    /// Shared: compiled patterns keep their file's text to show themselves.
    pub text: Arc<str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl DictError {
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> DictError {
        DictError { file: file.to_string(), line, message: message.into() }
    }
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for DictError {}

/// All problems found while loading, so `dyad dict check` can list every
/// one instead of stopping at the first.
#[derive(Clone, Debug, Default)]
pub struct DictErrors(pub Vec<DictError>);

impl fmt::Display for DictErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DictErrors {}

/// The set of dictionary files one coder is built from.
#[derive(Clone, Debug)]
pub struct DictSet {
    files: Vec<DictFile>,
}

impl DictSet {
    /// The dictionaries compiled into the binary.
    pub fn builtin() -> DictSet {
        let mut files = Vec::new();
        collect_builtin(&BUILTIN, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        DictSet { files }
    }

    /// The built-in dictionaries with `dir` laid over them.
    pub fn with_overrides(dir: &Path) -> Result<DictSet, DictError> {
        let mut set = DictSet::builtin();
        let origin = dir.display().to_string();
        if !dir.is_dir() {
            return Err(DictError::new(&origin, 0, "dictionary directory does not exist"));
        }
        let mut found = Vec::new();
        collect_disk(dir, dir, &mut found)?;
        for file in found {
            match set.files.iter_mut().find(|f| f.path == file.path) {
                Some(existing) => *existing = file,
                None => set.files.push(file),
            }
        }
        set.files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(set)
    }

    /// Only the files of `dir`, without the built-ins (for tests and for
    /// checking a directory on its own).
    pub fn from_dir(dir: &Path) -> Result<DictSet, DictError> {
        let mut files = Vec::new();
        collect_disk(dir, dir, &mut files)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(DictSet { files })
    }

    /// A set made of in-memory files (tests).
    pub fn from_files(files: Vec<DictFile>) -> DictSet {
        DictSet { files }
    }

    /// Files whose relative path starts with `prefix` (e.g. `"actors/"`).
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a DictFile> + 'a {
        self.files.iter().filter(move |f| f.path.starts_with(prefix) && f.path.ends_with(".txt"))
    }

    pub fn file(&self, path: &str) -> Option<&DictFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn files(&self) -> &[DictFile] {
        &self.files
    }
}

fn collect_builtin(dir: &Dir<'static>, out: &mut Vec<DictFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(text) = file.contents_utf8() {
            out.push(DictFile { origin: format!("dictionaries/{path}"), path, text: text.into() });
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

fn collect_disk(root: &Path, dir: &Path, out: &mut Vec<DictFile>) -> Result<(), DictError> {
    let entries = std::fs::read_dir(dir).map_err(|e| DictError::new(&dir.display().to_string(), 0, format!("cannot list: {e}")))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_disk(root, &path, out)?;
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if !(rel.ends_with(".txt") || rel.ends_with(".tsv")) {
            continue;
        }
        let origin = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| DictError::new(&origin, 0, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
            DictError::new(&origin, line, "invalid UTF-8")
        })?;
        out.push(DictFile { path: rel, origin, text: text.into() });
    }
    Ok(())
}

/// One meaningful line of a dictionary file.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The line without its comment and surrounding whitespace.
    pub text: &'a str,
    /// Whether the line was indented (continues the entry above it).
    pub indented: bool,
}

/// The non-blank, non-comment lines of `text`. A `#` starts a comment
/// anywhere except inside double quotes.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let without_comment = strip_comment(raw);
        let trimmed = without_comment.trim();
        if trimmed.is_empty() {
            return None;
        }
        Some(Line { number: i + 1, text: trimmed, indented: raw.starts_with([' ', '\t']) })
    })
}

fn strip_comment(raw: &str) -> &str {
    // Most lines have no `#`, and most that do have no quote before it.
    let Some(hash) = raw.find('#') else {
        return raw;
    };
    if !raw[..hash].contains('"') {
        return &raw[..hash];
    }
    let mut in_quotes = false;
    for (i, c) in raw.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '#' if !in_quotes => return &raw[..i],
            _ => {}
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_comments_and_blanks() {
        let text = "# header\nUkraine   # the state\n    names: Kyiv\n\n\"#hash\" kept\n";
        let got: Vec<_> = lines(text).map(|l| (l.number, l.text, l.indented)).collect();
        assert_eq!(got, [(2, "Ukraine", false), (3, "names: Kyiv", true), (5, "\"#hash\" kept", false)]);
    }

    #[test]
    fn errors_name_file_and_line() {
        assert_eq!(DictError::new("actors/x.txt", 4, "unknown sector \"XYZ\"").to_string(), "actors/x.txt:4: unknown sector \"XYZ\"");
    }

    #[test]
    fn overrides_replace_and_add_files() {
        let dir = std::env::temp_dir().join(format!("dyad-dict-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("actors")).unwrap();
        std::fs::write(dir.join("actors/extra.txt"), "Extra\n").unwrap();
        let set = DictSet::with_overrides(&dir).unwrap();
        assert!(set.file("actors/extra.txt").is_some());
        assert!(set.files().len() > 1);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(DictSet::with_overrides(&dir).is_err());
    }
}
