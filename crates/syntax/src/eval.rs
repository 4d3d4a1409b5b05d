//! Scores of a model on gold trees, by the CoNLL 2018 conventions:
//! punctuation counts, and LAS compares the universal part of the relation
//! (`nsubj` for `nsubj:pass`).

use crate::conllu::Sentence;
use crate::model::Syntax;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub words: usize,
    pub upos: usize,
    pub xpos: usize,
    pub uas: usize,
    pub las: usize,
}

impl Scores {
    pub fn percent(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.words.max(1) as f64
    }

    pub fn add(&mut self, other: &Scores) {
        self.words += other.words;
        self.upos += other.upos;
        self.xpos += other.xpos;
        self.uas += other.uas;
        self.las += other.las;
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

pub fn score_sentence(syntax: &Syntax, gold: &Sentence) -> Scores {
    let words: Vec<&str> = gold.words.iter().map(|w| w.form.as_str()).collect();
    let parse = syntax.parse(&words);
    let mut s = Scores { words: words.len(), ..Scores::default() };
    for (i, g) in gold.words.iter().enumerate() {
        let tag = parse.tags[i];
        s.upos += (syntax.upos(tag) == g.upos) as usize;
        s.xpos += (syntax.xpos(tag) == g.xpos) as usize;
        if parse.heads[i] == g.head {
            s.uas += 1;
            s.las += (universal(syntax.label(parse.labels[i])) == universal(&g.deprel)) as usize;
        }
    }
    s
}

pub fn evaluate(syntax: &Syntax, gold: &[Sentence]) -> Scores {
    use rayon::prelude::*;
    gold.par_iter().map(|s| score_sentence(syntax, s)).reduce(Scores::default, |mut a, b| {
        a.add(&b);
        a
    })
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UPOS {:.2}  XPOS {:.2}  UAS {:.2}  LAS {:.2}  ({} words)",
            self.percent(self.upos),
            self.percent(self.xpos),
            self.percent(self.uas),
            self.percent(self.las),
            self.words
        )
    }
}
