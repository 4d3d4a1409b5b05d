//! Hostile documents for property tests and the long-running loop
//! (`examples/hostile.rs`): news-like pieces written for dyad, joined and
//! then mutated with what real feeds contain and parsers trip on.

use dyad::event::Event;
use proptest::prelude::*;

/// Sentence pieces in news style (written for dyad).
const PIECES: &[&str] = &[
    "The Kremlin said on Friday that talks with Kyiv were on hold.",
    "Putin warned Zelenskyy against joining NATO",
    "\"Our patience has limits,\" Marco Rubio said.",
    "He urged Caracas to release the prisoners.",
    "Interview: Moshe Yaalon",
    "See 3)Yaalon",
    "Meeting with Vladimir Putin",
    "He attacked Kyiv on Monday with drones.",
    "Israeli troops withdrew from the Rafah crossing, the army said;",
    "U.S. President Donald Trump met Chinese leader Xi Jinping in Busan on 30 October.",
    "the kremlin said russia attacked ukraine.",
    "Sudanese paramilitaries shelled El Fasher overnight, killing 12 civilians",
    "Hamas and Israel agreed to a ceasefire brokered by Egypt and Qatar.",
    "Beijing condemned the drills near Taiwan",
    "Rwanda denied that its troops were fighting in eastern Congo.",
    "Officials gave no further comment.",
    "Gen. Smith met Mr. Jones in the U.S. Senate.",
    "...",
    "Iran did not rule out talks with the IAEA if sanctions were lifted?",
    "\u{0642}\u{0627}\u{0644} \u{0627}\u{0644}\u{0643}\u{0631}\u{0645}\u{0644}\u{064a}\u{0646}",
    "\u{4fc4}\u{7f57}\u{65af}\u{548c}\u{4e4c}\u{514b}\u{5170}\u{4f1a}\u{8c08}\u{3002}",
];

const SEPARATORS: &[&str] = &[" ", "\n", "\n\n", "", "  ", "\r\n", "\t"];

/// Characters inserted anywhere: bidi and zero-width controls, NUL, emoji,
/// combining marks, right-to-left letters, quotes and terminators.
const INSERTS: &[&str] = &[
    "\u{202e}",
    "\u{202b}",
    "\u{2066}",
    "\u{2069}",
    "\u{200f}",
    "\u{200b}",
    "\u{feff}",
    "\0",
    "\u{1f4a5}",
    "\u{1f1fa}\u{1f1e6}",
    "\u{0301}",
    "\u{05e9}\u{05dc}\u{05d5}\u{05dd}",
    "\"",
    "\u{201c}",
    ".",
    "?",
    "!",
    "\u{2026}",
    ";",
    ",",
    ":",
    "\n",
    "(",
    ")",
    "[",
    "-",
    "'",
];

#[derive(Clone, Debug)]
pub enum Mutation {
    /// Insert one of [`INSERTS`] before the n-th character (modulo length).
    Insert(usize, usize),
    /// A token of one character repeated this many times.
    HugeToken(usize, char),
    /// The whole text in lower case.
    Lower,
    /// The whole text in upper case.
    Upper,
    /// Everything from the n-th character repeated this many times.
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), 0..INSERTS.len()).prop_map(|(at, i)| Mutation::Insert(at, i)),
        1 => (2000..6000usize, prop::sample::select(vec!['x', '\u{00e9}', '\u{4e2d}', '.', '\u{0627}'])).prop_map(|(n, c)| Mutation::HugeToken(n, c)),
        1 => Just(Mutation::Lower),
        1 => Just(Mutation::Upper),
        1 => (any::<usize>(), 2..40usize).prop_map(|(at, n)| Mutation::Repeat(at, n)),
    ]
}

/// A document: pieces joined by separators, then mutated.
pub fn document() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 1..12);
    (pieces, prop::collection::vec(mutation(), 0..6)).prop_map(|(pieces, mutations)| {
        let mut text: String = pieces.iter().map(|&(p, s)| format!("{}{}", PIECES[p], SEPARATORS[s])).collect();
        for m in mutations {
            text = apply(&text, &m);
        }
        text
    })
}

fn char_boundary(text: &str, n: usize) -> usize {
    let count = text.chars().count();
    if count == 0 {
        return 0;
    }
    text.char_indices().nth(n % (count + 1)).map_or(text.len(), |(i, _)| i)
}

pub fn apply(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::Insert(at, i) => {
            let at = char_boundary(text, at);
            format!("{}{}{}", &text[..at], INSERTS[i], &text[at..])
        }
        Mutation::HugeToken(n, c) => format!("{text} {} {text}", c.to_string().repeat(n)),
        Mutation::Lower => text.to_lowercase(),
        Mutation::Upper => text.to_uppercase(),
        Mutation::Repeat(at, n) => {
            let at = char_boundary(text, at);
            format!("{}{}", &text[..at], text[at..].repeat(n))
        }
    }
}

/// Every span of `events` (action, source, target, speaker) that is not
/// the text's slice at its character offsets, described.
pub fn span_errors(text: &str, events: &[Event]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut errors = Vec::new();
    for e in events {
        let actors = [e.source.as_ref(), e.target.as_ref(), e.quote.as_ref().and_then(|q| q.speaker.as_ref())];
        let mut spans = vec![(e.action.text.as_str(), e.action.start, e.action.end)];
        spans.extend(actors.into_iter().flatten().map(|a| (a.text.as_str(), a.start, a.end)));
        for (span, start, end) in spans {
            if chars.get(start..end).map(|c| c.iter().collect::<String>()).as_deref() != Some(span) {
                errors.push(format!("span {start}..{end} is not {span:?}"));
            }
        }
    }
    errors
}
