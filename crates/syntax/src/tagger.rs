//! Part-of-speech tagging: a greedy left-to-right averaged perceptron that
//! predicts the pair (UPOS, XPOS) as one tag, so the two always agree.

use rustc_hash::FxHashMap;

use crate::lexical::{Lexical, PAD};
use crate::linear::{argmax, feature, Model, Trainer};

/// The tags each frequent training word was seen with ("ambiguity
/// classes"): a compact account of what a word can be, for the word itself
/// and for its neighbours, whose tags are not known yet when it is tagged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagLexicon {
    pub classes: FxHashMap<u64, u64>,
}

/// The class of a word the lexicon does not know.
const UNKNOWN_WORD: u64 = 0xFFFF_3000;

impl TagLexicon {
    /// Words seen at least `min_count` times in `sentences` (folded form,
    /// gold tags).
    pub fn build<'a>(sentences: impl Iterator<Item = (&'a [Lexical], &'a [u16])>, min_count: usize) -> TagLexicon {
        let mut seen: FxHashMap<u64, (usize, Vec<u16>)> = FxHashMap::default();
        for (lex, tags) in sentences {
            for (l, &t) in lex.iter().zip(tags) {
                let entry = seen.entry(l.word).or_default();
                entry.0 += 1;
                if !entry.1.contains(&t) {
                    entry.1.push(t);
                }
            }
        }
        let classes = seen
            .into_iter()
            .filter(|(_, (n, _))| *n >= min_count)
            .map(|(w, (_, mut tags))| {
                tags.sort_unstable();
                (w, tags.iter().fold(0xA5A5u64, |h, &t| (h ^ t as u64).wrapping_mul(0x1000_0000_01B3)))
            })
            .collect();
        TagLexicon { classes }
    }

    pub fn classes_of(&self, lex: &[Lexical]) -> Vec<u64> {
        lex.iter().map(|l| self.classes.get(&l.word).copied().unwrap_or(UNKNOWN_WORD)).collect()
    }
}

/// Tag "numbers" standing for the positions before the sentence.
const START: u64 = 0xFFFF_0001;
const START2: u64 = 0xFFFF_0002;

/// The features of word `i` given the two tags before it; `amb` holds the
/// words' ambiguity classes.
pub fn features(lex: &[Lexical], amb: &[u64], i: usize, prev: u64, prev2: u64, out: &mut Vec<u64>) {
    out.clear();
    let pad = Lexical::pad();
    let at = |k: isize| -> &Lexical {
        let j = i as isize + k;
        if j < 0 || j >= lex.len() as isize {
            &pad
        } else {
            &lex[j as usize]
        }
    };
    let w = at(0);
    let class = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j >= amb.len() as isize {
            PAD
        } else {
            amb[j as usize]
        }
    };
    let flags = w.capitalised as u64 | (w.has_hyphen as u64) << 1 | (w.has_digit as u64) << 2 | ((i == 0) as u64) << 3;
    out.extend_from_slice(&[
        feature(0, 0, 0, 0),
        feature(1, w.word, 0, 0),
        feature(2, w.suffix1, 0, 0),
        feature(3, w.suffix2, 0, 0),
        feature(4, w.suffix3, 0, 0),
        feature(5, w.suffix4, 0, 0),
        feature(6, w.prefix1, 0, 0),
        feature(7, w.prefix2, 0, 0),
        feature(8, w.prefix3, 0, 0),
        feature(9, w.shape, 0, 0),
        feature(10, prev, 0, 0),
        feature(11, prev2, prev, 0),
        feature(12, prev, w.word, 0),
        feature(13, at(-1).word, 0, 0),
        feature(14, at(-1).suffix3, 0, 0),
        feature(15, at(-2).word, 0, 0),
        feature(16, at(1).word, 0, 0),
        feature(17, at(1).suffix3, 0, 0),
        feature(18, at(2).word, 0, 0),
        feature(19, at(1).shape, 0, 0),
        feature(20, at(-1).shape, 0, 0),
        feature(21, flags, 0, 0),
        feature(22, at(-1).word, w.word, 0),
        feature(23, w.word, at(1).word, 0),
        feature(24, prev, w.suffix3, 0),
        feature(25, prev, at(1).word, 0),
        feature(26, flags, w.suffix2, 0),
        feature(27, w.cased, 0, 0),
        feature(28, class(0), 0, 0),
        feature(29, class(-1), 0, 0),
        feature(30, class(1), 0, 0),
        feature(31, class(2), 0, 0),
        feature(32, prev, class(0), 0),
        feature(33, class(0), class(1), 0),
        feature(34, prev, class(1), 0),
        feature(35, w.word, class(1), 0),
        feature(36, class(-1), class(0), class(1)),
    ]);
}

/// Tags a sentence with `model`; `out` receives one tag number per word.
pub fn tag(model: &Model, lexicon: &TagLexicon, lex: &[Lexical], out: &mut Vec<u16>) {
    let amb = lexicon.classes_of(lex);
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0i32; model.classes()];
    out.clear();
    for i in 0..lex.len() {
        let (prev, prev2) = previous(out, i);
        features(lex, &amb, i, prev, prev2, &mut feats);
        model.score(&feats, &mut scores);
        out.push(argmax(&scores) as u16);
    }
}

fn previous(tags: &[u16], i: usize) -> (u64, u64) {
    let prev = if i >= 1 { tags[i - 1] as u64 } else { START };
    let prev2 = if i >= 2 { tags[i - 2] as u64 } else { START2 };
    (prev, prev2)
}

/// One training pass over `sentences` (lexical features and gold tags), in
/// the order given. The history features use the tagger's own guesses, as
/// at run time.
pub fn train_epoch(trainer: &mut Trainer, sentences: &[(&[Lexical], Vec<u64>, &[u16])], order: &[usize]) -> (usize, usize) {
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0f32; trainer.classes()];
    let (mut right, mut total) = (0, 0);
    let mut guesses = Vec::new();
    for &s in order {
        let (lex, amb, gold) = (sentences[s].0, &sentences[s].1, sentences[s].2);
        guesses.clear();
        for (i, &truth) in gold.iter().enumerate() {
            let (prev, prev2) = previous(&guesses, i);
            features(lex, amb, i, prev, prev2, &mut feats);
            trainer.score(&feats, &mut scores);
            let guess = argmax(&scores);
            trainer.update(&feats, truth as usize, guess);
            right += (guess == truth as usize) as usize;
            total += 1;
            guesses.push(guess as u16);
        }
    }
    (right, total)
}
