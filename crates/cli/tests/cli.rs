//! The `dyad` binary end to end: every input form, every kind of bad
//! input, exit codes and the output contract.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs")
}

fn dyad_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dyad runs");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    child.wait_with_output().expect("dyad finishes")
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name).display().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn events(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("every line is JSON")).collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const FIELDS: [&str; 15] = [
    "doc_id",
    "sentence_index",
    "sentence",
    "date",
    "source",
    "target",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "action",
    "modality",
    "quote",
    "mentions",
];

/// Every field of the contract is present and every span slices the
/// document text to the quoted words.
fn check_contract(events: &[serde_json::Value], text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: &serde_json::Value| -> String {
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        chars[a..b].iter().collect()
    };
    for e in events {
        for f in FIELDS {
            assert!(e.get(f).is_some(), "field {f} missing in {e}");
        }
        assert_eq!(slice(&e["action"]), e["action"]["text"].as_str().unwrap());
        for role in ["source", "target"] {
            if !e[role].is_null() {
                assert_eq!(slice(&e[role]), e[role]["text"].as_str().unwrap(), "{role} span of {e}");
                for f in ["code", "country", "sector", "name", "text", "start", "end"] {
                    assert!(e[role].get(f).is_some(), "{role}.{f} missing");
                }
            }
        }
        assert!(["asserted", "negated", "hypothetical", "conditional", "future"].contains(&e["modality"].as_str().unwrap()));
        assert_eq!(e["root"].as_str().unwrap(), &e["cameo"].as_str().unwrap()[..2]);
        assert!((1..=4).contains(&e["quad_class"].as_u64().unwrap()));
    }
}

#[test]
fn codes_a_plain_text_article() {
    let path = example("kremlin-talks.txt");
    let out = dyad(&["code", &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let evs = events(&out);
    assert!(evs.len() >= 3, "expected several events, got {}", evs.len());
    let raw = std::fs::read_to_string(&path).unwrap();
    let body = raw.splitn(3, "---\n").nth(2).unwrap();
    check_contract(&evs, body);
    assert!(evs.iter().all(|e| e["doc_id"] == "example-kremlin-talks"));
}

#[test]
fn codes_json_lines_from_a_file_and_stdin() {
    let dir = scratch("jsonl");
    let file = dir.join("docs.jsonl");
    let text = "Russian forces attacked Kharkiv on Monday. Ukraine condemned the attack.";
    std::fs::write(&file, format!("{{\"id\": \"a\", \"date\": \"2025-03-04\", \"text\": \"{text}\"}}\n")).unwrap();
    let out = dyad(&["code", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let evs = events(&out);
    assert!(!evs.is_empty());
    check_contract(&evs, text);
    assert_eq!(evs[0]["date"], "2025-03-03", "\"on Monday\" before Tuesday 2025-03-04");

    let out = dyad_stdin(&["code", "-"], format!("{{\"text\": \"{text}\"}}\n").as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let evs = events(&out);
    assert!(!evs.is_empty());
    assert_eq!(evs[0]["doc_id"], "stdin:1");
    assert!(evs[0]["date"].is_null(), "no date anywhere: null");
}

#[test]
fn codes_text_with_a_date_and_writes_every_format() {
    let args = ["code", "--text", "Moscow suspended talks with Kyiv on Friday.", "--date", "2025-09-12"];
    let out = dyad(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let evs = events(&out);
    assert_eq!(evs.len(), 1, "{evs:?}");
    assert_eq!(
        (evs[0]["cameo"].as_str(), evs[0]["source"]["code"].as_str(), evs[0]["target"]["code"].as_str()),
        (Some("164"), Some("RUSGOV"), Some("UKRGOV"))
    );
    assert_eq!(evs[0]["date"], "2025-09-12");

    let tsv = dyad(&[&args[..], &["--format", "tsv"]].concat());
    let tsv = String::from_utf8(tsv.stdout).unwrap();
    let mut lines = tsv.lines();
    assert_eq!(lines.next().unwrap().split('\t').collect::<Vec<_>>(), dyad::output::COLUMNS);
    let row = lines.next().unwrap();
    assert!(row.starts_with("2025-09-12\tRUSGOV\tRUS\tGOV\tUKRGOV\tUKR\tGOV\t164\t16\t4\t"));
    let cells: Vec<&str> = row.split('\t').collect();
    assert_eq!(cells.len(), dyad::output::COLUMNS.len());
    assert!(cells[14..].iter().all(|c| !c.is_empty()), "names, action text and sentence: {row}");
    let csv = String::from_utf8(dyad(&[&args[..], &["--format", "csv"]].concat()).stdout).unwrap();
    assert!(csv.starts_with("date,source_code,source_country"));
    let table = String::from_utf8(dyad(&[&args[..], &["--format", "table", "--explain"]].concat()).stdout).unwrap();
    assert!(table.contains("RUSGOV") && table.contains("pattern dictionaries/events/"), "{table}");
}

#[test]
fn codes_a_directory_as_a_table() {
    let out = dyad(&["code", &example(""), "--format", "table"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    for doc in ["example-kremlin-talks", "example-gaza-ceasefire", "example-sudan-el-fasher"] {
        assert!(table.contains(doc), "{doc} missing from the table");
    }
}

#[test]
fn bad_inputs_fail_alone_with_file_and_line() {
    let dir = scratch("bad");
    std::fs::write(dir.join("binary.txt"), [0u8, 1, 2, 3, 255, 0]).unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 talks\n").unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("lines.jsonl"), b"{\"text\": \"Russia attacked Ukraine.\"}\nnot json\n{\"id\": \"x\"}\n").unwrap();
    let big = std::fs::File::create(dir.join("big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(dir.join("good.txt"), b"Israel and Hamas agreed to a ceasefire on Sunday.\n").unwrap();
    let missing = dir.join("missing.txt");
    let out = dyad(&["code", dir.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some documents failed: exit 1");
    let err = stderr(&out);
    let d = dir.display();
    for expected in [
        format!("{d}/binary.txt: binary file"),
        format!("{d}/latin1.txt:1: invalid UTF-8 at byte 3"),
        format!("{d}/empty.txt: empty file"),
        format!("{d}/lines.jsonl:2: not a JSON object"),
        format!("{d}/lines.jsonl:3: missing required field \"text\""),
        format!("{d}/big.txt: file is 50 MB"),
        format!("{d}/missing.txt: no such file or directory"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"));
    let evs = events(&out);
    assert!(evs.iter().any(|e| e["doc_id"] == "good"), "the good article is still coded");
    assert!(evs.iter().any(|e| e["doc_id"] == "lines:1"), "the good JSON line is still coded");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Test builds enable dyad's `fault-injection` feature: a document holding
/// the marker panics inside the coder.
const PANICS: &str = dyad::guard::FAULT_MARKER;

#[test]
fn a_panic_costs_its_document_only() {
    let input = format!(
        "{{\"id\": \"a\", \"text\": \"Kyiv thanked Warsaw for its support.\"}}\n{{\"id\": \"bad\", \"text\": \"{PANICS}\"}}\n{{\"id\": \"c\", \"text\": \"Moscow suspended talks with Kyiv.\"}}\n"
    );
    let out = dyad_stdin(&["code", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<_> = events(&out).iter().map(|e| e["doc_id"].as_str().unwrap_or_default().to_string()).collect();
    assert!(ids.contains(&"a".to_string()) && ids.contains(&"c".to_string()), "{ids:?}");
    let err = stderr(&out);
    let lines: Vec<_> = err.lines().collect();
    assert!(lines[0].starts_with("dyad: <stdin>:2: document \"bad\" could not be coded: internal error"), "{err}");
    assert!(!err.contains("panicked at"), "the default panic message is not repeated:\n{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dyad(&["code"]).status.code(), Some(2));
    assert_eq!(dyad(&["code", "--format", "xml", "x.txt"]).status.code(), Some(2));
    assert_eq!(dyad(&["code", "--text", "x", "--date", "12/09/2025"]).status.code(), Some(2));
    assert_eq!(dyad(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn broken_dictionary_is_reported_with_file_and_line() {
    let dir = scratch("dict");
    std::fs::create_dir_all(dir.join("events")).unwrap();
    std::fs::create_dir_all(dir.join("actors")).unwrap();
    std::fs::write(dir.join("events/mine.txt"), "[999]\nfoo\n[190]\nattack [not x\n").unwrap();
    std::fs::write(dir.join("actors/mine.txt"), "Atlantis\n    code: ATLGOV\n    MOB: Poseidonia\n").unwrap();
    let out = dyad(&["code", "--dict", dir.to_str().unwrap(), "--text", "Russia attacked Ukraine."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let d = dir.display();
    for expected in [
        format!("{d}/events/mine.txt:1: unknown CAMEO code \"999\""),
        format!("{d}/events/mine.txt:4: unbalanced bracket"),
        format!("{d}/actors/mine.txt:2: unknown code \"ATLGOV\""),
        format!("{d}/actors/mine.txt:3: unknown sector \"MOB\""),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    let check = dyad(&["dict", "check", dir.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("events/mine.txt:1: unknown CAMEO code"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dictionary_values_that_would_break_coding_are_file_line_errors() {
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries/cameo.tsv");
    let mut table = std::fs::read_to_string(builtin).unwrap();
    let lines = table.lines().count();
    table.push_str("0101\t01\tNaN\t1\t\t\t\tBroken score\n0102\t02\t1\t1\t\t\t\tWrong root\n");
    // Patterns are checked against a readable code table, so they go in a
    // directory of their own.
    let (tables, patterns) = (scratch("dict-table"), scratch("dict-patterns"));
    std::fs::write(tables.join("cameo.tsv"), table).unwrap();
    std::fs::create_dir_all(patterns.join("events")).unwrap();
    std::fs::create_dir_all(patterns.join("actors")).unwrap();
    std::fs::write(patterns.join("events/04-mine.txt"), "[051]\npraise\n").unwrap();
    std::fs::write(patterns.join("actors/mine.txt"), "Nobody Special\n    role: RUSGOV Adviser\n").unwrap();
    let (t, p) = (tables.display(), patterns.display());
    for (dir, expected) in [
        (
            &tables,
            vec![
                format!("{t}/cameo.tsv:{}: Goldstein score \"NaN\" of \"0101\" is not a number from -10 to 10", lines + 1),
                format!("{t}/cameo.tsv:{}: code \"0102\" has root \"02\"", lines + 2),
            ],
        ),
        (
            &patterns,
            vec![
                format!("{p}/events/04-mine.txt:1: code \"051\" is not under root 04"),
                format!("{p}/actors/mine.txt:2: role RUSGOV has no date range"),
            ],
        ),
    ] {
        let coded = dyad(&["code", "--dict", dir.to_str().unwrap(), "--text", "Russia attacked Ukraine."]);
        assert_eq!(coded.status.code(), Some(2));
        let checked = dyad(&["dict", "check", dir.to_str().unwrap()]);
        assert_eq!(checked.status.code(), Some(1));
        for report in [stderr(&coded), String::from_utf8_lossy(&checked.stdout).into_owned()] {
            for e in &expected {
                assert!(report.contains(e.as_str()), "missing {e:?} in:\n{report}");
            }
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn builtin_dictionaries_check_clean() {
    let out = dyad(&["dict", "check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
