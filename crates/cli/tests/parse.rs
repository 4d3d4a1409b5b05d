//! `dyad parse` and `dyad syntax` end to end.

use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs")
}

/// Every word line's TokenRange names the characters of its form.
#[test]
fn parse_prints_conllu_with_character_offsets() {
    let text = "Ankara’s envoy said Athens won't budge. Çavuşoğlu left — quietly.";
    let out = dyad(&["parse", "--text", text]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut roots = 0;
    let mut words = 0;
    for line in stdout.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 10, "{line}");
        let range = cols[9].strip_prefix("TokenRange=").expect("offsets in MISC");
        let (a, b) = range.split_once(':').unwrap();
        let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
        assert_eq!(chars[a..b].iter().collect::<String>(), cols[1], "{line}");
        roots += (cols[6] == "0") as usize;
        words += 1;
    }
    assert_eq!(roots, 2, "one root per sentence:\n{stdout}");
    assert!(words >= 14);
}

#[test]
fn a_broken_model_file_is_a_clear_error() {
    let path = std::env::temp_dir().join(format!("dyad-bad-model-{}", std::process::id()));
    std::fs::write(&path, b"not a model").unwrap();
    let out = dyad(&["parse", "--text", "Hello.", "--parser-model", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(path.to_str().unwrap()) && err.contains("magic"), "{err}");
}

#[test]
fn hostile_sentences_parse_in_bounded_time() {
    let long = "word ".repeat(2000);
    let digits = "1234567890".repeat(300);
    for text in [long.as_str(), digits.as_str(), "🙂 🙂 🙂", "مرحبا بالعالم", "Yes", "\u{202e}abc\u{202c} x"] {
        let out = dyad(&["parse", "--text", text]);
        assert!(out.status.success(), "{text:.40}");
    }
}
