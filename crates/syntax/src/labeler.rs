//! Dependency labels: once the tree is built, each arc is labelled in
//! reading order by an averaged perceptron that sees the whole tree: the
//! two words, their tags, direction and distance, the dependent's own
//! children (a "by" marks an agent, a "'s" a possessor), the auxiliaries
//! of the head (a passive subject), and the label of the previous sibling.

use crate::lexical::{Lexical, PAD};
use crate::linear::{argmax, feature, Model, Trainer};

const ROOT_WORD: u64 = 0x5eed_0000_0000_0003;
const ROOT_TAG: u64 = 0xFFFF_2000;
const NO_LABEL: u64 = 0xFFFF_2001;

/// The children of every word in a tree, in reading order.
pub struct Children {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Children {
    /// `heads[d]` is the head of word `d` (1-based; `heads[0]` unused).
    pub fn of(heads: &[u32]) -> Children {
        let n = heads.len();
        let mut start = vec![0u32; n + 1];
        for &h in &heads[1..] {
            start[h as usize + 1] += 1;
        }
        for i in 1..=n {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; n.saturating_sub(1)];
        for (d, &h) in heads.iter().enumerate().skip(1) {
            list[fill[h as usize] as usize] = d as u32;
            fill[h as usize] += 1;
        }
        Children { start, list }
    }

    pub fn of_word(&self, w: u32) -> &[u32] {
        &self.list[self.start[w as usize] as usize..self.start[w as usize + 1] as usize]
    }
}

pub struct Tree<'a> {
    pub lex: &'a [Lexical],
    pub tags: &'a [u16],
    pub heads: &'a [u32],
    pub children: &'a Children,
}

impl Tree<'_> {
    fn word(&self, w: u32) -> u64 {
        if w == 0 {
            ROOT_WORD
        } else {
            self.lex.get(w as usize - 1).map_or(PAD, |l| l.word)
        }
    }

    fn tag(&self, w: u32) -> u64 {
        if w == 0 {
            ROOT_TAG
        } else {
            self.tags.get(w as usize - 1).map_or(PAD, |&t| t as u64)
        }
    }
}

/// Features of the arc into word `d`; `labels` holds the labels given so
/// far (words before `d`).
pub fn features(t: &Tree, d: u32, labels: &[u16], out: &mut Vec<u64>) {
    out.clear();
    let h = t.heads[d as usize];
    let (dw, dp, hw, hp) = (t.word(d), t.tag(d), t.word(h), t.tag(h));
    let left = (d < h) as u64;
    let distance = (d.abs_diff(h) as u64).min(6) | left << 8;
    let previous_sibling = t.children.of_word(h).iter().copied().take_while(|&c| c < d).last();
    let sibling_label = previous_sibling.map_or(NO_LABEL, |c| labels[c as usize - 1] as u64);
    let grand = if h == 0 { ROOT_TAG ^ 1 } else { t.tag(t.heads[h as usize]) };
    let kids = t.children.of_word(d);
    let first_kid = kids.first().map_or(PAD, |&c| t.word(c));
    let last_kid_tag = kids.last().map_or(PAD, |&c| t.tag(c));
    // The head's own label, when the head comes first and is labelled.
    let head_label = if h != 0 && h < d { labels[h as usize - 1] as u64 } else { NO_LABEL };
    out.extend_from_slice(&[
        feature(0, 0, 0, 0),
        feature(1, dw, 0, 0),
        feature(2, dp, 0, 0),
        feature(3, hw, 0, 0),
        feature(4, hp, 0, 0),
        feature(5, dp, hp, distance),
        feature(6, dw, hp, left),
        feature(7, dp, hw, left),
        feature(8, dw, hw, 0),
        feature(9, dp, hp, sibling_label),
        feature(10, sibling_label, left, 0),
        feature(11, dp, hp, grand),
        feature(12, dp, first_kid, 0),
        feature(13, dp, last_kid_tag, 0),
        feature(14, dp, kids.len().min(4) as u64, left),
        feature(15, dp, t.tag(d.saturating_sub(1)), t.tag(d + 1)),
        feature(16, dw, t.lex.get(d as usize).map_or(PAD, |l| l.word), 0),
        feature(17, t.lex[d as usize - 1].suffix3, hp, 0),
        feature(18, t.lex[d as usize - 1].shape, dp, 0),
        feature(21, head_label, dp, left),
        feature(22, head_label, dw, 0),
    ]);
    for &k in kids {
        out.push(feature(19, t.word(k), dp, left));
    }
    if h != 0 {
        for &k in t.children.of_word(h).iter().filter(|&&k| k < h && k != d) {
            out.push(feature(20, t.word(k), dp, left));
        }
    }
}

/// Labels every arc of a tree in reading order.
pub fn label(model: &Model, t: &Tree, labels: &mut Vec<u16>) {
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0i32; model.classes()];
    labels.clear();
    for d in 1..t.heads.len() as u32 {
        features(t, d, labels, &mut feats);
        model.score(&feats, &mut scores);
        labels.push(argmax(&scores) as u16);
    }
}

/// One training pass over gold trees; the previous-sibling feature uses the
/// labeller's own guesses, as at run time.
pub fn train_epoch(trainer: &mut Trainer, trees: &[(Tree, &[u16])], order: &[usize]) {
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0f32; trainer.classes()];
    let mut guesses = Vec::new();
    for &i in order {
        let (t, gold) = (&trees[i].0, trees[i].1);
        guesses.clear();
        for d in 1..t.heads.len() as u32 {
            features(t, d, &guesses, &mut feats);
            trainer.score(&feats, &mut scores);
            let guess = argmax(&scores);
            trainer.update(&feats, gold[d as usize - 1] as usize, guess);
            guesses.push(guess as u16);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_listed_per_head_in_reading_order() {
        // "Russia attacked Kyiv at night": 2 is the root.
        let heads = [u32::MAX, 2, 0, 2, 5, 2];
        let c = Children::of(&heads);
        assert_eq!(c.of_word(2), [1, 3, 5]);
        assert_eq!(c.of_word(0), [2]);
        assert_eq!(c.of_word(5), [4]);
        assert!(c.of_word(1).is_empty());
    }
}
