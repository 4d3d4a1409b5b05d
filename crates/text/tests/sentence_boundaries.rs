//! The sentence-boundary test set: `tests/data/sentence-boundaries.txt`
//! holds one case per line with the expected boundaries marked ` || `.
//! The test prints the accuracy and fails below the recorded floor.

use dyad_text::sentences::split;

const CASES: &str = include_str!("data/sentence-boundaries.txt");

/// Raise this when the splitter improves; never lower it.
const FLOOR: f64 = 0.97;

#[test]
fn sentence_boundary_accuracy() {
    let mut cases = 0;
    let mut correct = 0;
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for line in CASES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let expected: Vec<&str> = line.split(" || ").map(str::trim).collect();
        let text = expected.join(" ");
        let mut spans = Vec::new();
        split(&text, 0, text.len(), &mut spans);
        let got: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        // Boundaries as byte offsets where a sentence ends.
        let mut at = 0;
        let want_ends: Vec<usize> = expected
            .iter()
            .map(|s| {
                at += s.len() + 1;
                at - 1
            })
            .collect();
        let got_ends: Vec<usize> = spans.iter().map(|&(_, b)| b).collect();
        tp += got_ends.iter().filter(|e| want_ends.contains(e)).count();
        fp += got_ends.iter().filter(|e| !want_ends.contains(e)).count();
        fn_ += want_ends.iter().filter(|e| !got_ends.contains(e)).count();
        cases += 1;
        if got == expected {
            correct += 1;
        } else {
            failures.push(format!("expected {expected:?}\n     got {got:?}"));
        }
    }
    let accuracy = correct as f64 / cases as f64;
    println!(
        "sentence boundaries: {correct}/{cases} cases exactly right ({accuracy:.3}); boundary precision {:.3}, recall {:.3}",
        tp as f64 / (tp + fp) as f64,
        tp as f64 / (tp + fn_) as f64
    );
    for f in &failures {
        println!("  {f}");
    }
    assert!(cases >= 200, "the test set must hold at least 200 cases, has {cases}");
    assert!(accuracy >= FLOOR, "accuracy {accuracy:.3} fell below {FLOOR}");
}
