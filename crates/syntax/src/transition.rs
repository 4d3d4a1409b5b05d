//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with the dynamic oracle of Goldberg and Nivre (2013).
//!
//! Word 0 is the root; the words are 1..=n. The stack starts as `[root]`,
//! the buffer as `1..=n`. Three moves:
//! - `Shift` pushes the first buffer word;
//! - `Left` makes the first buffer word the head of the stack top and pops it;
//! - `Right` makes the word under the stack top its head and pops it.
//!
//! `Right` onto the root is allowed only once the buffer is empty, so every
//! parse has exactly one word attached to the root.

pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Shift = 0,
    Left = 1,
    Right = 2,
}

pub const MOVES: [Move; 3] = [Move::Shift, Move::Left, Move::Right];

/// A parser configuration, with what the features need of the partial tree.
#[derive(Clone, Debug)]
pub struct State {
    pub stack: Vec<u32>,
    /// The first word of the buffer; `n + 1` when it is empty.
    pub buffer: u32,
    pub n: u32,
    pub heads: Vec<u32>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost
    /// children of each word, and how many children on each side.
    pub left: Vec<[u32; 2]>,
    pub right: Vec<[u32; 2]>,
    pub left_count: Vec<u8>,
    pub right_count: Vec<u8>,
}

impl State {
    pub fn new(n: usize) -> State {
        let size = n + 1;
        State {
            stack: vec![0],
            buffer: 1,
            n: n as u32,
            heads: vec![NONE; size],
            left: vec![[NONE; 2]; size],
            right: vec![[NONE; 2]; size],
            left_count: vec![0; size],
            right_count: vec![0; size],
        }
    }

    pub fn is_final(&self) -> bool {
        self.buffer > self.n && self.stack.len() == 1
    }

    fn buffer_empty(&self) -> bool {
        self.buffer > self.n
    }

    /// The `i`-th word from the top of the stack (0 is the top).
    pub fn stack_word(&self, i: usize) -> u32 {
        if i < self.stack.len() {
            self.stack[self.stack.len() - 1 - i]
        } else {
            NONE
        }
    }

    /// The `i`-th word of the buffer.
    pub fn buffer_word(&self, i: u32) -> u32 {
        let w = self.buffer + i;
        if w <= self.n {
            w
        } else {
            NONE
        }
    }

    pub fn is_valid(&self, m: Move) -> bool {
        match m {
            Move::Shift => !self.buffer_empty(),
            Move::Left => self.stack.len() >= 2 && !self.buffer_empty(),
            Move::Right => self.stack.len() >= 3 || (self.stack.len() == 2 && self.buffer_empty()),
        }
    }

    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.buffer);
                self.buffer += 1;
            }
            Move::Left => {
                let d = self.stack.pop().expect("Left needs a stack word");
                self.attach(self.buffer, d);
            }
            Move::Right => {
                let d = self.stack.pop().expect("Right needs a stack word");
                let h = *self.stack.last().expect("Right needs a head under the top");
                self.attach(h, d);
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32) {
        self.heads[d as usize] = h;
        let hi = h as usize;
        if d < h {
            let l = &mut self.left[hi];
            if l[0] == NONE || d < l[0] {
                *l = [d, l[0]];
            } else if l[1] == NONE || d < l[1] {
                l[1] = d;
            }
            self.left_count[hi] = self.left_count[hi].saturating_add(1);
        } else {
            let r = &mut self.right[hi];
            if r[0] == NONE || d > r[0] {
                *r = [d, r[0]];
            } else if r[1] == NONE || d > r[1] {
                r[1] = d;
            }
            self.right_count[hi] = self.right_count[hi].saturating_add(1);
        }
    }

    /// How many gold arcs a move makes unreachable (Goldberg and Nivre's
    /// arc-decomposable costs for arc-hybrid). `gold[d]` is the head of `d`.
    pub fn cost(&self, m: Move, gold: &[u32]) -> u32 {
        let b = self.buffer;
        let in_buffer = |w: u32| w >= b && w <= self.n;
        let dependents_in_buffer = |h: u32| (b..=self.n).filter(|&d| gold[d as usize] == h).count() as u32;
        match m {
            Move::Shift => {
                let s0 = self.stack_word(0);
                let lost_dependents = self.stack.iter().filter(|&&d| d != 0 && gold[d as usize] == b).count() as u32;
                let h = gold[b as usize];
                let lost_head = h != s0 && self.stack.contains(&h);
                lost_dependents + lost_head as u32
            }
            Move::Left => {
                let s0 = self.stack_word(0);
                let h = gold[s0 as usize];
                let lost_head = h != b && (h == self.stack_word(1) || in_buffer(h));
                dependents_in_buffer(s0) + lost_head as u32
            }
            Move::Right => {
                let s0 = self.stack_word(0);
                let h = gold[s0 as usize];
                let lost_head = h != self.stack_word(1) && in_buffer(h);
                dependents_in_buffer(s0) + lost_head as u32
            }
        }
    }
}

/// Whether a tree (heads of words 1..=n, 0 = root) has no crossing arcs.
pub fn is_projective(heads: &[u32]) -> bool {
    let arcs: Vec<(u32, u32)> =
        (1..heads.len()).map(|d| (d as u32).min(heads[d])).zip((1..heads.len()).map(|d| (d as u32).max(heads[d]))).collect();
    arcs.iter().all(|&(a, b)| arcs.iter().all(|&(c, d)| !(a < c && c < b && b < d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows zero-cost moves (preferring Shift, then Left) to the end.
    fn oracle_parse(gold: &[u32]) -> Vec<u32> {
        let mut s = State::new(gold.len() - 1);
        while !s.is_final() {
            let m = MOVES.into_iter().filter(|&m| s.is_valid(m)).min_by_key(|&m| s.cost(m, gold)).unwrap();
            s.apply(m);
        }
        s.heads
    }

    /// Every projective tree over 1..=n for small n (Prüfer-free brute
    /// force over head vectors).
    fn projective_trees(n: usize) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let total = (n + 1).pow(n as u32);
        for code in 0..total {
            let mut heads = vec![NONE];
            let mut c = code;
            for _ in 0..n {
                heads.push((c % (n + 1)) as u32);
                c /= n + 1;
            }
            let single_root = heads[1..].iter().filter(|&&h| h == 0).count() == 1;
            let no_self = (1..=n).all(|d| heads[d] != d as u32);
            let acyclic = (1..=n).all(|d| {
                let (mut w, mut steps) = (d as u32, 0);
                while w != 0 && steps <= n {
                    w = heads[w as usize];
                    steps += 1;
                }
                w == 0
            });
            if single_root && no_self && acyclic && is_projective(&heads) {
                out.push(heads);
            }
        }
        out
    }

    #[test]
    fn every_projective_tree_is_reachable_by_the_oracle() {
        for n in 1..=5 {
            for gold in projective_trees(n) {
                let parsed = oracle_parse(&gold);
                assert_eq!(parsed[1..], gold[1..], "n={n}");
            }
        }
    }

    #[test]
    fn any_sequence_of_valid_moves_gives_one_rooted_tree() {
        let mut seed = 7u64;
        for n in 1..40 {
            let mut s = State::new(n);
            while !s.is_final() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let valid: Vec<Move> = MOVES.into_iter().filter(|&m| s.is_valid(m)).collect();
                assert!(!valid.is_empty());
                s.apply(valid[(seed >> 33) as usize % valid.len()]);
            }
            assert_eq!(s.heads[1..].iter().filter(|&&h| h == 0).count(), 1);
            assert!(s.heads[1..].iter().all(|&h| h != NONE));
        }
    }

    #[test]
    fn costs_are_zero_for_some_move_when_the_gold_tree_is_reachable() {
        let gold = [NONE, 2, 0, 2, 3];
        let mut s = State::new(4);
        while !s.is_final() {
            let best = MOVES.into_iter().filter(|&m| s.is_valid(m)).map(|m| s.cost(m, &gold)).min().unwrap();
            assert_eq!(best, 0);
            let m = MOVES.into_iter().find(|&m| s.is_valid(m) && s.cost(m, &gold) == 0).unwrap();
            s.apply(m);
        }
    }
}
