//! Finds dictionary phrases in a token stream.
//!
//! All names, adjectives, seats of power, places and role nouns go into one
//! trie keyed by word symbols. At each position the longest phrase whose
//! capitalisation requirements hold wins, and matching resumes after it, so
//! an actor inside a longer name ("Jordan" in "Jordan River Foundation" if
//! that were an entry) is never matched twice.

use dyad_text::{LexiconBuilder, Shape, Sym, Token};
use rustc_hash::FxHashMap;

use crate::dictionary::{ActorDictionary, NameKind};

/// What a matched phrase is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Name `name` (index into `ActorDictionary::names`) of actor `actor`,
    /// used in the given way.
    Actor { actor: usize, kind: NameKind, name: usize },
    /// A role noun (index into `ActorDictionary::agents`).
    Agent { agent: usize },
}

#[derive(Clone, Debug)]
struct Payload {
    kind: PieceKind,
    shapes: Box<[Shape]>,
}

/// One matched phrase: tokens `start..end` of the sentence.
#[derive(Clone, Debug)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub kinds: Vec<PieceKind>,
}

pub struct ActorMatcher {
    edges: FxHashMap<(u32, Sym), u32>,
    terminals: FxHashMap<u32, Vec<u32>>,
    payloads: Vec<Payload>,
    node_count: u32,
}

impl ActorMatcher {
    /// Builds the trie, interning every word in `lexicon`. Role nouns are
    /// added with their plurals so that "troops" matches the entry "troop".
    pub fn compile(dict: &ActorDictionary, lexicon: &mut LexiconBuilder) -> ActorMatcher {
        let mut m = ActorMatcher { edges: FxHashMap::default(), terminals: FxHashMap::default(), payloads: Vec::new(), node_count: 1 };
        let phrases = dict.names.len() + dict.agents.len();
        m.edges.reserve(phrases * 2);
        m.terminals.reserve(phrases);
        m.payloads.reserve(phrases);
        for (name_index, name) in dict.names.iter().enumerate() {
            let syms: Vec<Sym> = name.words.words().map(|w| lexicon.intern(w)).collect();
            m.insert(&syms, name.words.shapes().into(), PieceKind::Actor { actor: name.actor, kind: name.kind.clone(), name: name_index });
        }
        for (idx, agent) in dict.agents.iter().enumerate() {
            let last = agent.words.len().saturating_sub(1);
            let syms: Vec<Sym> =
                agent.words.words().enumerate().map(|(i, w)| if i == last { lexicon.add_noun(w) } else { lexicon.intern(w) }).collect();
            // Role nouns match in any case: "Foreign Minister" and "foreign
            // minister" are the same title.
            m.insert(&syms, vec![Shape::Lower; syms.len()].into(), PieceKind::Agent { agent: idx });
        }
        m
    }

    fn insert(&mut self, syms: &[Sym], shapes: Box<[Shape]>, kind: PieceKind) {
        if syms.is_empty() {
            return;
        }
        let mut node = 0u32;
        for &s in syms {
            node = match self.edges.get(&(node, s)) {
                Some(&n) => n,
                None => {
                    let n = self.node_count;
                    self.node_count += 1;
                    self.edges.insert((node, s), n);
                    n
                }
            };
        }
        let id = self.payloads.len() as u32;
        let list = self.terminals.entry(node).or_default();
        // One phrase may be listed twice for the same actor (a name and an
        // adjective spelled alike); keep both kinds, they resolve alike.
        list.push(id);
        self.payloads.push(Payload { kind, shapes });
    }

    fn step(&self, node: u32, token: &Token) -> Option<u32> {
        if !token.norm.is_known() {
            return None;
        }
        self.edges
            .get(&(node, token.norm))
            .or_else(|| if token.lemma != token.norm { self.edges.get(&(node, token.lemma)) } else { None })
            .copied()
    }

    /// Leftmost-longest matches over `tokens`.
    pub fn find(&self, tokens: &[Token], out: &mut Vec<Piece>) {
        let mut i = 0;
        while i < tokens.len() {
            let mut node = 0u32;
            let mut best: Option<(usize, Vec<PieceKind>)> = None;
            let mut j = i;
            while j < tokens.len() {
                let Some(next) = self.step(node, &tokens[j]) else {
                    break;
                };
                node = next;
                j += 1;
                if let Some(ids) = self.terminals.get(&node) {
                    let span = &tokens[i..j];
                    let kinds: Vec<PieceKind> = ids
                        .iter()
                        .map(|&id| &self.payloads[id as usize])
                        .filter(|p| span.iter().zip(p.shapes.iter()).all(|(t, req)| t.shape.satisfies(*req)))
                        .map(|p| p.kind.clone())
                        .collect();
                    if !kinds.is_empty() {
                        best = Some((j, kinds));
                    }
                }
            }
            match best {
                Some((end, kinds)) => {
                    out.push(Piece { start: i, end, kinds });
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}
