//! Interned word forms and their lemmas.
//!
//! Every dictionary registers its words here once, at load time; the
//! tokenizer then turns each text token into two small integers (its folded
//! form and its lemma), so matching never compares strings.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::inflect::{inflections, plurals};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

impl Sym {
    /// A word that no dictionary uses.
    pub const UNKNOWN: Sym = Sym(u32::MAX);

    pub fn is_known(self) -> bool {
        self != Sym::UNKNOWN
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Each word is stored once and shared by the table and the list: one
/// allocation per word instead of two, for the hundred thousand forms
/// the dictionaries produce.
#[derive(Default, Clone)]
pub struct LexiconBuilder {
    ids: FxHashMap<Arc<str>, Sym>,
    words: Vec<Arc<str>>,
    lemmas: Vec<Sym>,
    /// Lemmas whose inflections are already registered: dictionaries use
    /// the same words thousands of times.
    inflected: rustc_hash::FxHashSet<Sym>,
}

impl LexiconBuilder {
    pub fn new() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    /// Interns a folded word form; it is its own lemma unless a lemma that
    /// inflects to it is added.
    pub fn intern(&mut self, word: &str) -> Sym {
        if let Some(&s) = self.ids.get(word) {
            return s;
        }
        let s = Sym(self.words.len() as u32);
        let word: Arc<str> = word.into();
        self.ids.insert(word.clone(), s);
        self.words.push(word);
        self.lemmas.push(s);
        s
    }

    /// Interns `lemma` and maps each of its inflected forms to it. A form
    /// that already belongs to another lemma keeps its first owner.
    pub fn add_lemma(&mut self, lemma: &str) -> Sym {
        let l = self.intern(lemma);
        if !self.inflected.insert(l) {
            return l;
        }
        self.add_forms(l, inflections(lemma))
    }

    /// Like [`add_lemma`](Self::add_lemma) with the inflections already
    /// generated (callers generate them in parallel).
    pub fn add_lemma_with(&mut self, lemma: &str, forms: Vec<String>) -> Sym {
        let l = self.intern(lemma);
        if !self.inflected.insert(l) {
            return l;
        }
        self.add_forms(l, forms)
    }

    fn add_forms(&mut self, l: Sym, forms: Vec<String>) -> Sym {
        for form in forms {
            let f = self.intern(&form);
            if self.lemmas[f.index()] == f {
                self.lemmas[f.index()] = l;
            }
        }
        l
    }

    /// Interns a noun and maps its plurals to it.
    pub fn add_noun(&mut self, noun: &str) -> Sym {
        let n = self.intern(noun);
        for form in plurals(noun) {
            let f = self.intern(&form);
            if self.lemmas[f.index()] == f {
                self.lemmas[f.index()] = n;
            }
        }
        n
    }

    pub fn get(&self, word: &str) -> Sym {
        self.ids.get(word).copied().unwrap_or(Sym::UNKNOWN)
    }

    /// Makes room for `additional` more words.
    pub fn reserve(&mut self, additional: usize) {
        self.ids.reserve(additional);
        self.words.reserve(additional);
        self.lemmas.reserve(additional);
    }

    pub fn build(self) -> Lexicon {
        Lexicon { ids: self.ids, words: self.words, lemmas: self.lemmas }
    }
}

#[derive(Clone)]
pub struct Lexicon {
    ids: FxHashMap<Arc<str>, Sym>,
    words: Vec<Arc<str>>,
    lemmas: Vec<Sym>,
}

impl Lexicon {
    pub fn get(&self, word: &str) -> Sym {
        self.ids.get(word).copied().unwrap_or(Sym::UNKNOWN)
    }

    pub fn lemma_of(&self, sym: Sym) -> Sym {
        if sym.is_known() {
            self.lemmas[sym.index()]
        } else {
            sym
        }
    }

    pub fn word(&self, sym: Sym) -> &str {
        if sym.is_known() {
            &self.words[sym.index()]
        } else {
            "?"
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_map_to_lemmas() {
        let mut b = LexiconBuilder::new();
        let meeting = b.intern("meeting");
        let meet = b.add_lemma("meet");
        let find = b.add_lemma("find");
        let found = b.add_lemma("found");
        let lex = b.build();
        assert_eq!(lex.lemma_of(lex.get("met")), meet);
        assert_eq!(lex.lemma_of(meeting), meet);
        // "found" is both a lemma and a form of "find": its norm stays
        // "found" and its lemma is "find", so either pattern can match.
        assert_eq!(lex.get("found"), found);
        assert_eq!(lex.lemma_of(found), find);
        assert_eq!(lex.lemma_of(lex.get("founded")), found);
        assert_eq!(lex.get("zzz"), Sym::UNKNOWN);
    }
}
