//! The example articles of `examples/`, compiled in so that `dyad bench`
//! and the tests have a corpus on any machine.

use include_dir::{include_dir, Dir};

static EXAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../examples");

/// (file name, text) of every example article.
pub fn articles() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = EXAMPLES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "txt"))
        .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents_utf8()?)))
        .collect();
    out.sort();
    out
}
