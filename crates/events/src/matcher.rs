//! Finding pattern matches in one sentence and keeping the best ones.

use dyad_text::{Sym, Token};

use crate::patterns::{Alt, Constraint, FirstIndex, Pattern, PatternSet, Step, GAP_WORDS};

/// One pattern matched at tokens `start..end`.
#[derive(Clone, Debug)]
pub struct Match {
    pub pattern: u32,
    pub start: usize,
    pub end: usize,
    /// Mention indices bound by `+` and `$`.
    pub target: Option<usize>,
    pub source: Option<usize>,
}

impl Match {
    /// How many actors the pattern itself placed: an actor slot that
    /// matched is evidence, like a word.
    fn bound(&self) -> u8 {
        u8::from(self.source.is_some()) + u8::from(self.target.is_some())
    }
}

/// What the matcher needs to know about the sentence besides its words.
pub struct Frame<'a> {
    pub tokens: &'a [Token],
    /// For each token, the mention that starts there (with its end).
    pub mention_start: &'a [Option<(usize, usize)>],
    /// Tokens inside a mention of a named actor cannot anchor a pattern;
    /// role nouns without a country can ("military exercises", "terrorist
    /// attack").
    pub in_mention: &'a [bool],
    /// Tokens a gap may not cross (`;`, `:`, quotation marks).
    pub hard_break: &'a [bool],
    /// Quotation marks: a gap may end on one, so that a pattern's last
    /// words can be the start of a quoted phrase ("called the decision a
    /// \"grave mistake\"").
    pub quote: &'a [bool],
    /// "and", "but", "or": a gap across one would join two clauses
    /// ("rejected the proposal and called for talks").
    pub conjunction: &'a [bool],
    /// Words that open a new clause or verb phrase ("that", "to", a
    /// comma): a verb's pattern reaching past one is not about the noun
    /// it reaches.
    pub clause_opener: &'a [bool],
}

fn alt_at(tokens: &[Token], at: usize, alt: &Alt) -> Option<usize> {
    let mut i = at;
    for &(sym, exact) in alt.iter() {
        let t = tokens.get(i)?;
        let ok = if exact { t.norm == sym } else { t.is(sym) };
        if !ok {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// Whether token `t` can begin an alternative whose first words are
/// `firsts` (sorted): one lookup per form instead of trying each one.
fn can_start(firsts: &[Sym], t: &Token) -> bool {
    firsts.binary_search(&t.norm).is_ok() || firsts.binary_search(&t.lemma).is_ok()
}

struct State {
    end: usize,
    target: Option<usize>,
    source: Option<usize>,
}

fn match_steps(p: &Pattern, step: usize, at: usize, f: &Frame, state: &mut State) -> bool {
    let Some(s) = p.steps.get(step) else {
        state.end = at;
        return true;
    };
    match s {
        Step::Words { set, optional } => {
            // One lookup rules out a position before every alternative of
            // a long macro is tried there.
            if f.tokens.get(at).is_some_and(|t| can_start(&set.firsts, t)) {
                for alt in set.alts.iter() {
                    if let Some(next) = alt_at(f.tokens, at, alt) {
                        if match_steps(p, step + 1, next, f, state) {
                            return true;
                        }
                    }
                }
            }
            *optional && match_steps(p, step + 1, at, f, state)
        }
        Step::Gap => {
            for skip in 0..=GAP_WORDS {
                let next = at + skip;
                if next > f.tokens.len() {
                    break;
                }
                let opens_quote = skip > 0 && f.quote[next - 1];
                if skip > 0 && !opens_quote && (f.hard_break[next - 1] || f.conjunction[next - 1]) {
                    break;
                }
                if match_steps(p, step + 1, next, f, state) {
                    return true;
                }
                if opens_quote {
                    break;
                }
            }
            false
        }
        Step::Target | Step::Source => {
            // An actor slot may be preceded by "the".
            for start in [at, at + 1] {
                if let Some(Some((m, end))) = f.mention_start.get(start) {
                    let (saved_t, saved_s) = (state.target, state.source);
                    if matches!(s, Step::Target) {
                        state.target = Some(*m);
                    } else {
                        state.source = Some(*m);
                    }
                    if match_steps(p, step + 1, *end, f, state) {
                        return true;
                    }
                    state.target = saved_t;
                    state.source = saved_s;
                }
            }
            false
        }
    }
}

/// Whether a word of `c` is within `GAP_WORDS` of the match. Only
/// positions holding one of its first words are tried: constraint lists
/// are long ("[not midfielder striker ...]") and rarely present.
fn constraint_near(tokens: &[Token], start: usize, end: usize, c: &Constraint) -> bool {
    let lo = start.saturating_sub(GAP_WORDS);
    let hi = (end + GAP_WORDS).min(tokens.len());
    (lo..hi).any(|i| {
        can_start(&c.firsts, &tokens[i]) && c.sets.iter().flat_map(|s| s.alts.iter()).any(|a| alt_at(tokens, i, a).is_some_and(|e| e <= hi))
    })
}

/// Which symbols occur in the current sentence: a stamp per symbol, so
/// nothing is cleared between sentences.
struct Presence {
    stamps: Vec<u32>,
    generation: u32,
    /// The distinct symbols of the sentence.
    present: Vec<Sym>,
}

impl Presence {
    fn mark(&mut self, tokens: &[Token]) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.present.clear();
        for t in tokens {
            for sym in [t.norm, t.lemma] {
                if sym.is_known() {
                    if sym.index() >= self.stamps.len() {
                        self.stamps.resize(sym.index() + 1024, 0);
                    }
                    if self.stamps[sym.index()] != self.generation {
                        self.stamps[sym.index()] = self.generation;
                        self.present.push(sym);
                    }
                }
            }
        }
    }

    fn has(&self, sym: Sym) -> bool {
        self.stamps.get(sym.index()).is_some_and(|s| *s == self.generation)
    }

    /// Candidate patterns for a token whose first-word entry is `index`.
    fn candidates(&self, set: &PatternSet, index: &FirstIndex, out: &mut Vec<u32>) {
        out.extend_from_slice(set.ids(index.always));
        // Walk whichever is shorter: the keys, or the sentence's symbols.
        if index.by_key.len() <= self.present.len() {
            for (key, &range) in &index.by_key {
                if self.has(*key) {
                    out.extend_from_slice(set.ids(range));
                }
            }
        } else {
            for sym in &self.present {
                if let Some(&range) = index.by_key.get(sym) {
                    out.extend_from_slice(set.ids(range));
                }
            }
        }
    }
}

/// Which patterns were already tried at the current token: a stamp per
/// pattern instead of sorting the candidate list.
struct Tried {
    stamps: Vec<u32>,
    round: u32,
}

impl Tried {
    fn next_round(&mut self, patterns: usize) {
        if self.stamps.len() < patterns {
            self.stamps.resize(patterns, 0);
        }
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamps.iter_mut().for_each(|s| *s = 0);
            self.round = 1;
        }
    }

    fn first_time(&mut self, pattern: u32) -> bool {
        let stamp = &mut self.stamps[pattern as usize];
        let first = *stamp != self.round;
        *stamp = self.round;
        first
    }
}

thread_local! {
    static PRESENCE: std::cell::RefCell<Presence> =
        const { std::cell::RefCell::new(Presence { stamps: Vec::new(), generation: 0, present: Vec::new() }) };
    static TRIED: std::cell::RefCell<Tried> = const { std::cell::RefCell::new(Tried { stamps: Vec::new(), round: 0 }) };
}

/// Every match of every pattern, before overlaps are resolved.
pub fn find_all(set: &PatternSet, f: &Frame, out: &mut Vec<Match>) {
    PRESENCE.with(|p| {
        TRIED.with(|t| {
            let mut presence = p.borrow_mut();
            presence.mark(f.tokens);
            find_all_present(set, f, &presence, &mut t.borrow_mut(), out);
        })
    });
}

fn find_all_present(set: &PatternSet, f: &Frame, presence: &Presence, tried: &mut Tried, out: &mut Vec<Match>) {
    let mut candidates: Vec<u32> = Vec::new();
    for (i, t) in f.tokens.iter().enumerate() {
        if !t.norm.is_known() || f.in_mention[i] {
            continue;
        }
        candidates.clear();
        if let Some(index) = set.by_first.get(&t.norm) {
            presence.candidates(set, index, &mut candidates);
        }
        if t.lemma != t.norm {
            if let Some(index) = set.by_first.get(&t.lemma) {
                presence.candidates(set, index, &mut candidates);
            }
        }
        // A pattern keyed under several present words is tried once.
        tried.next_round(set.patterns.len());
        for &pid in &candidates {
            if !tried.first_time(pid) {
                continue;
            }
            if !set.prefilter.passes(pid, |s| presence.has(s)) {
                continue;
            }
            let p = &set.patterns[pid as usize];
            let mut state = State { end: i, target: None, source: None };
            if !match_steps(p, 0, i, f, &mut state) {
                continue;
            }
            if !p.not.is_empty() && constraint_near(f.tokens, i, state.end, &p.not) {
                continue;
            }
            if !p.with.is_empty() && !constraint_near(f.tokens, i, state.end, &p.with) {
                continue;
            }
            out.push(Match { pattern: pid, start: i, end: state.end, target: state.target, source: state.source });
        }
    }
}

/// Whether `m` is a verb's pattern that holds the whole of `inner` as its
/// object, as specific as `inner`: in "suspended its strategic partnership
/// with Tbilisi" the act is the suspending, and the partnership what is
/// suspended. A more specific inner act stays ("carried out a nerve gas
/// attack" is the gas attack).
fn governs(set: &PatternSet, f: &Frame, m: &Match, inner: &Match) -> bool {
    let weight = |x: &Match| set.patterns[x.pattern as usize].weight;
    let specificity = |x: &Match| set.patterns[x.pattern as usize].code.len();
    m.start < inner.start
        && inner.end <= m.end
        && weight(m) >= weight(inner)
        && specificity(m) >= specificity(inner)
        && !(m.start + 1..inner.start).any(|i| f.clause_opener[i] || f.conjunction[i] || f.hard_break[i])
}

/// Keeps the best non-overlapping matches: the pattern naming more words
/// first (a wildcard is no evidence), then the more specific code ("car
/// bomb" 1832 beats "bomb * kill" 183), then the longer span ("lifted a
/// night curfew" beats "night curfew"); except that a match replaces the
/// one it overlaps when it [`governs`] it.
pub fn select(set: &PatternSet, f: &Frame, mut all: Vec<Match>) -> Vec<Match> {
    all.sort_by(|a, b| {
        let (pa, pb) = (&set.patterns[a.pattern as usize], &set.patterns[b.pattern as usize]);
        pb.weight
            .cmp(&pa.weight)
            .then(pb.code.len().cmp(&pa.code.len()))
            .then(b.bound().cmp(&a.bound()))
            .then((a.end - a.start).cmp(&(b.end - b.start)))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut kept: Vec<Match> = Vec::new();
    for m in all {
        let mut overlapping = kept.iter().enumerate().filter(|(_, k)| m.end > k.start && m.start < k.end).map(|(i, _)| i);
        match (overlapping.next(), overlapping.next()) {
            (None, _) => kept.push(m),
            (Some(i), None) if governs(set, f, &m, &kept[i]) => kept[i] = m,
            _ => {}
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}
