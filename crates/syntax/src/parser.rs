//! Unlabelled dependency parsing: a greedy arc-hybrid parser scored by an
//! averaged perceptron, trained with a dynamic oracle and exploration
//! (Goldberg and Nivre 2012, 2013). Features follow Zhang and Nivre (2011),
//! without labels: words, tags, children, distance and valency.

use crate::lexical::{Lexical, PAD};
use crate::linear::{feature, Model, Trainer};
use crate::transition::{Move, State, MOVES, NONE};

const ROOT_WORD: u64 = 0x5eed_0000_0000_0002;
const ROOT_TAG: u64 = 0xFFFF_1000;
const NO_TAG: u64 = 0xFFFF_1001;

/// A sentence as the parser sees it: per word (1-based; index 0 is the
/// root) its lexical hashes and tag.
pub struct Input<'a> {
    pub lex: &'a [Lexical],
    pub tags: &'a [u16],
    /// Punctuation marks among the first `i` words, for each `i`.
    punct_before: Vec<u16>,
}

impl<'a> Input<'a> {
    pub fn new(lex: &'a [Lexical], tags: &'a [u16]) -> Input<'a> {
        let mut punct_before = Vec::with_capacity(lex.len() + 1);
        let mut n = 0u16;
        punct_before.push(0);
        for l in lex {
            n = n.saturating_add(l.is_punct as u16);
            punct_before.push(n);
        }
        Input { lex, tags, punct_before }
    }

    /// Punctuation marks strictly between words `a` < `b` (1-based), at
    /// most 3: commas and dashes between two words say much about whether
    /// they attach.
    fn punct_between(&self, a: u32, b: u32) -> u64 {
        if a == NONE || b == NONE || a >= b || a == 0 {
            return 0;
        }
        (self.punct_before[b as usize - 1] - self.punct_before[a as usize]).min(3) as u64
    }

    fn word(&self, w: u32) -> u64 {
        match w {
            NONE => PAD,
            0 => ROOT_WORD,
            w => self.lex[w as usize - 1].word,
        }
    }

    fn tag(&self, w: u32) -> u64 {
        match w {
            NONE => NO_TAG,
            0 => ROOT_TAG,
            w => self.tags[w as usize - 1] as u64,
        }
    }

    fn word_tag(&self, w: u32) -> u64 {
        self.word(w) ^ self.tag(w).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

fn child(list: &[[u32; 2]], w: u32, k: usize) -> u32 {
    if w == NONE {
        NONE
    } else {
        list[w as usize][k]
    }
}

fn count(list: &[u8], w: u32) -> u64 {
    if w == NONE {
        99
    } else {
        list[w as usize] as u64
    }
}

pub fn features(s: &State, x: &Input, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (s.stack_word(0), s.stack_word(1), s.stack_word(2));
    let (b0, b1, b2) = (s.buffer_word(0), s.buffer_word(1), s.buffer_word(2));
    let (s0l, s0l2, s0r, s0r2) = (child(&s.left, s0, 0), child(&s.left, s0, 1), child(&s.right, s0, 0), child(&s.right, s0, 1));
    let (s1l, s1r) = (child(&s.left, s1, 0), child(&s.right, s1, 0));
    let (b0l, b0l2) = (child(&s.left, b0, 0), child(&s.left, b0, 1));
    let (w, p, wp) = (|i| x.word(i), |i| x.tag(i), |i| x.word_tag(i));
    let distance = |a: u32, b: u32| if a == NONE || b == NONE { 0 } else { (b.abs_diff(a) as u64).min(5) };
    let d = distance(s0, b0);
    let d1 = distance(s1, s0);
    out.extend_from_slice(&[
        feature(0, 0, 0, 0),
        feature(1, w(s0), 0, 0),
        feature(2, p(s0), 0, 0),
        feature(3, wp(s0), 0, 0),
        feature(4, w(s1), 0, 0),
        feature(5, p(s1), 0, 0),
        feature(6, wp(s1), 0, 0),
        feature(7, w(b0), 0, 0),
        feature(8, p(b0), 0, 0),
        feature(9, wp(b0), 0, 0),
        feature(10, w(b1), 0, 0),
        feature(11, p(b1), 0, 0),
        feature(12, wp(b1), 0, 0),
        feature(13, w(b2), 0, 0),
        feature(14, p(b2), 0, 0),
        feature(15, p(s2), 0, 0),
        feature(16, wp(s0), wp(b0), 0),
        feature(17, wp(s0), w(b0), 0),
        feature(18, w(s0), wp(b0), 0),
        feature(19, wp(s0), p(b0), 0),
        feature(20, p(s0), wp(b0), 0),
        feature(21, w(s0), w(b0), 0),
        feature(22, p(s0), p(b0), 0),
        feature(23, p(b0), p(b1), 0),
        feature(24, p(s1), p(s0), 0),
        feature(25, w(s1), w(s0), 0),
        feature(26, p(s1), wp(s0), 0),
        feature(27, wp(s1), p(s0), 0),
        feature(28, p(b0), p(b1), p(b2)),
        feature(29, p(s0), p(b0), p(b1)),
        feature(30, p(s1), p(s0), p(b0)),
        feature(31, p(s0), p(s0l), p(b0)),
        feature(32, p(s0), p(s0r), p(b0)),
        feature(33, p(s0), p(b0), p(b0l)),
        feature(34, p(s1), p(s0), p(s0r)),
        feature(35, p(s2), p(s1), p(s0)),
        feature(36, p(s1), p(s1r), p(s0)),
        feature(37, p(s0), p(s0l), p(s0l2)),
        feature(38, p(s0), p(s0r), p(s0r2)),
        feature(39, p(b0), p(b0l), p(b0l2)),
        feature(40, w(s0), d, 0),
        feature(41, p(s0), d, 0),
        feature(42, w(b0), d, 0),
        feature(43, p(b0), d, 0),
        feature(44, w(s0), w(b0), d),
        feature(45, p(s0), p(b0), d),
        feature(46, p(s1), p(s0), d1),
        feature(47, w(s0), count(&s.right_count, s0), 0),
        feature(48, p(s0), count(&s.right_count, s0), 0),
        feature(49, w(s0), count(&s.left_count, s0), 0),
        feature(50, p(s0), count(&s.left_count, s0), 0),
        feature(51, w(b0), count(&s.left_count, b0), 0),
        feature(52, p(b0), count(&s.left_count, b0), 0),
        feature(53, p(s1), count(&s.right_count, s1), 0),
        feature(54, w(s0l), 0, 0),
        feature(55, w(s0r), 0, 0),
        feature(56, w(b0l), 0, 0),
        feature(57, w(s1r), 0, 0),
        feature(58, p(s0l), 0, 0),
        feature(59, p(s0r), 0, 0),
        feature(60, p(b0l), 0, 0),
        feature(61, p(s1r), 0, 0),
        feature(62, p(s1l), 0, 0),
        feature(63, p(s1), p(s0), wp(b0)),
        feature(64, w(s1), p(s0), p(b0)),
        feature(65, p(s0), p(b0), x.punct_between(s0, b0)),
        feature(66, p(s1), p(s0), x.punct_between(s1, s0)),
        feature(67, w(s0), p(b0), x.punct_between(s0, b0)),
        feature(68, p(s0), w(b0), x.punct_between(s0, b0)),
    ]);
}

/// The best valid move under `scores`.
fn best_valid<T: PartialOrd + Copy>(s: &State, scores: &[T]) -> Move {
    let mut best: Option<Move> = None;
    for m in MOVES {
        if s.is_valid(m) && best.is_none_or(|b| scores[m as usize] > scores[b as usize]) {
            best = Some(m);
        }
    }
    best.expect("a configuration that is not final has a valid move")
}

/// The only valid move, where there is one: the first move (a shift) and
/// the last ones (attaching what is left on the stack once the buffer is
/// empty) need no scores, since the best valid move is the only one.
fn forced(s: &State) -> Option<Move> {
    let mut valid = MOVES.into_iter().filter(|&m| s.is_valid(m));
    match (valid.next(), valid.next()) {
        (Some(m), None) => Some(m),
        _ => None,
    }
}

/// Parses one sentence; returns the head of each word (1-based, 0 = root),
/// with `heads[0]` unused.
pub fn parse(model: &Model, x: &Input, heads: &mut Vec<u32>) {
    let mut all = Vec::with_capacity(1);
    parse_many(model, std::slice::from_ref(x), &mut all);
    *heads = all.pop().unwrap_or_default();
}

/// Parses several sentences, one move of each in turn, and gives their
/// heads as [`parse`] would. Alone, a sentence waits on the cache misses
/// of its features at every move; here the features of all the sentences'
/// next moves are fetched together, so their misses overlap.
pub fn parse_many(model: &Model, inputs: &[Input], heads: &mut Vec<Vec<u32>>) {
    let mut states: Vec<State> = inputs.iter().map(|x| State::new(x.lex.len())).collect();
    let mut feats = vec![Vec::with_capacity(72); inputs.len()];
    let mut forced_moves = vec![None; inputs.len()];
    let mut active: Vec<usize> = (0..inputs.len()).filter(|&i| !states[i].is_final()).collect();
    while !active.is_empty() {
        for &i in &active {
            forced_moves[i] = forced(&states[i]);
            if forced_moves[i].is_none() {
                features(&states[i], &inputs[i], &mut feats[i]);
                model.prefetch(&feats[i]);
            }
        }
        for &i in &active {
            let best = forced_moves[i].unwrap_or_else(|| best_valid(&states[i], &model.score_inline(&feats[i])));
            states[i].apply(best);
        }
        active.retain(|&i| !states[i].is_final());
    }
    heads.clear();
    heads.extend(states.into_iter().map(|s| s.heads));
}

/// A small seeded generator for the order of sentences and exploration.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One training pass with the dynamic oracle. With `explore`, the parser
/// follows its own prediction 90% of the time even when it is wrong, so it
/// learns to recover from its mistakes.
pub fn train_epoch(trainer: &mut Trainer, sentences: &[(Input, &[u32])], order: &[usize], explore: bool, rng: &mut SplitMix) {
    let mut feats = Vec::with_capacity(72);
    let mut scores = [0f32; 3];
    for &i in order {
        let (x, gold) = (&sentences[i].0, sentences[i].1);
        let mut s = State::new(x.lex.len());
        while !s.is_final() {
            features(&s, x, &mut feats);
            trainer.score(&feats, &mut scores);
            let predicted = best_valid(&s, &scores);
            let costs = MOVES.map(|m| if s.is_valid(m) { s.cost(m, gold) } else { u32::MAX });
            let least = *costs.iter().min().expect("three moves");
            let mut best_gold: Option<Move> = None;
            for m in MOVES {
                if costs[m as usize] == least && best_gold.is_none_or(|b| scores[m as usize] > scores[b as usize]) {
                    best_gold = Some(m);
                }
            }
            let best_gold = best_gold.expect("some valid move has the least cost");
            if costs[predicted as usize] == least {
                trainer.tick();
                s.apply(predicted);
            } else {
                trainer.update(&feats, best_gold as usize, predicted as usize);
                s.apply(if explore && rng.chance(0.9) { predicted } else { best_gold });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_configuration_with_one_valid_move_is_forced() {
        let mut s = State::new(3);
        assert_eq!(forced(&s), Some(Move::Shift), "the root alone on the stack must take a word");
        s.apply(Move::Shift);
        assert_eq!(forced(&s), None, "shift or left");
        s.apply(Move::Shift);
        s.apply(Move::Shift);
        assert_eq!(forced(&s), Some(Move::Right), "the buffer is empty");
        for _ in 0..3 {
            assert_eq!(forced(&s), Some(Move::Right));
            s.apply(Move::Right);
        }
        assert!(s.is_final());
    }
}
