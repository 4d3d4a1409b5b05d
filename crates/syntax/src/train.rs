//! Training the tagger, parser and labeller from UD treebanks.
//!
//! Reproducible: the order of sentences and the parser's exploration come
//! from one seed. The parser and labeller learn on tags predicted by
//! taggers that did not see the sentence (jackknifing), so they are used
//! to the tagger's mistakes as they will meet them at run time.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::conllu::Sentence;
use crate::eval::evaluate;
use crate::labeler::{self, Children, Tree};
use crate::lexical::Lexical;
use crate::linear::{Model, Trainer};
use crate::model::Syntax;
use crate::parser::{self, Input, SplitMix};
use crate::tagger::{self, TagLexicon};
use crate::transition::NONE;

#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub labeler_epochs: usize,
    /// Parts for jackknifing the training tags.
    pub folds: usize,
    pub seed: u64,
    /// Features updated fewer times than this are left out of the tagger
    /// and labeller, and of the parser (whose table is by far the largest).
    pub min_updates: u32,
    pub parser_min_updates: u32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { tagger_epochs: 12, parser_epochs: 15, labeler_epochs: 10, folds: 4, seed: 1, min_updates: 2, parser_min_updates: 3 }
    }
}

/// A training sentence in numbers.
struct Example {
    lex: Vec<Lexical>,
    tags: Vec<u16>,
    /// Heads with a placeholder at index 0, as the transition system wants.
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Numbers for strings, most frequent first.
fn numbering<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.into_iter().map(|(v, _)| v.to_string()).collect()
}

const TAG_SEPARATOR: char = '\u{1f}';

pub fn train(train: &[Sentence], dev: &[Sentence], o: &TrainOptions, log: &(dyn Fn(&str) + Sync)) -> Syntax {
    let words = || train.iter().flat_map(|s| s.words.iter());
    let joint: Vec<String> = words().map(|w| format!("{}{TAG_SEPARATOR}{}", w.upos, w.xpos)).collect();
    let tag_names = numbering(joint.iter().map(String::as_str));
    let label_names = numbering(words().map(|w| w.deprel.as_str()));
    let tag_of: FxHashMap<&str, u16> = tag_names.iter().enumerate().map(|(i, t)| (t.as_str(), i as u16)).collect();
    let label_of: FxHashMap<&str, u16> = label_names.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
    let mut joint = joint.iter();
    let examples: Vec<Example> = train
        .iter()
        .map(|s| Example {
            lex: s.words.iter().map(|w| Lexical::of(&w.form)).collect(),
            tags: s.words.iter().map(|_| tag_of[joint.next().expect("one tag per word").as_str()]).collect(),
            heads: std::iter::once(NONE).chain(s.words.iter().map(|w| w.head)).collect(),
            labels: s.words.iter().map(|w| label_of[w.deprel.as_str()]).collect(),
        })
        .collect();
    let tags: Vec<(String, String)> = tag_names
        .iter()
        .map(|t| {
            let (u, x) = t.split_once(TAG_SEPARATOR).expect("joint tags have a separator");
            (u.to_string(), x.to_string())
        })
        .collect();
    log(&format!("{} training sentences, {} tags, {} labels", examples.len(), tags.len(), label_names.len()));

    // The final tagger and the jackknife taggers train side by side.
    let jobs: Vec<Option<usize>> = std::iter::once(None).chain((0..o.folds).map(Some)).collect();
    let mut results: Vec<(Option<usize>, Model, TagLexicon)> = jobs
        .into_par_iter()
        .map(|fold| {
            let keep: Vec<usize> = (0..examples.len()).filter(|i| fold.is_none_or(|f| i % o.folds != f)).collect();
            let lexicon = TagLexicon::build(keep.iter().map(|&i| (examples[i].lex.as_slice(), examples[i].tags.as_slice())), 2);
            let model = train_tagger(&examples, &lexicon, &keep, tags.len(), o, fold.is_none().then_some(log));
            (fold, model, lexicon)
        })
        .collect();
    results.sort_by_key(|(fold, _, _)| fold.map_or(0, |f| f + 1));
    let (tagger_model, lexicon) = (results[0].1.clone(), results[0].2.clone());
    let mut predicted = vec![Vec::new(); examples.len()];
    for (fold, model, fold_lexicon) in &results[1..] {
        let fold = fold.expect("jackknife results have a fold");
        for (i, ex) in examples.iter().enumerate().filter(|(i, _)| i % o.folds == fold) {
            tagger::tag(model, fold_lexicon, &ex.lex, &mut predicted[i]);
        }
    }
    let right: usize = examples.iter().zip(&predicted).map(|(e, p)| e.tags.iter().zip(p).filter(|(a, b)| a == b).count()).sum();
    let total: usize = examples.iter().map(|e| e.tags.len()).sum();
    log(&format!("jackknifed training tags: {:.2}% right", 100.0 * right as f64 / total as f64));

    let skeleton = |parser: Model, labeler: Model| Syntax {
        tags: tags.clone(),
        labels: label_names.clone(),
        lexicon: lexicon.clone(),
        tagger: tagger_model.clone(),
        parser,
        labeler,
    };
    let empty = || Trainer::new(1).finish(1);
    let (parser_model, labeler_model) = rayon::join(
        || {
            train_parser(&examples, &predicted, o, &|model: &Model, epoch| {
                let s = evaluate(&skeleton(model.clone(), empty()), dev);
                log(&format!("parser epoch {epoch}: dev UAS {:.2}", s.percent(s.uas)));
            })
        },
        || train_labeler(&examples, &predicted, label_names.len(), o, log),
    );
    let syntax = skeleton(parser_model, labeler_model);
    let scores = evaluate(&syntax, dev);
    log(&format!("dev: {scores}"));
    syntax
}

fn train_tagger(
    examples: &[Example],
    lexicon: &TagLexicon,
    keep: &[usize],
    classes: usize,
    o: &TrainOptions,
    log: Option<&(dyn Fn(&str) + Sync)>,
) -> Model {
    let data: Vec<(&[Lexical], Vec<u64>, &[u16])> =
        examples.iter().map(|e| (e.lex.as_slice(), lexicon.classes_of(&e.lex), e.tags.as_slice())).collect();
    let mut trainer = Trainer::new(classes);
    let mut order = keep.to_vec();
    let mut rng = SplitMix(o.seed);
    for epoch in 1..=o.tagger_epochs {
        rng.shuffle(&mut order);
        let (right, total) = tagger::train_epoch(&mut trainer, &data, &order);
        if let Some(log) = log {
            log(&format!("tagger epoch {epoch}: {:.2}% right while training", 100.0 * right as f64 / total as f64));
        }
    }
    trainer.finish(o.min_updates)
}

fn train_parser(examples: &[Example], tags: &[Vec<u16>], o: &TrainOptions, report: &dyn Fn(&Model, usize)) -> Model {
    let data: Vec<(Input, &[u32])> = examples.iter().zip(tags).map(|(e, t)| (Input::new(&e.lex, t), e.heads.as_slice())).collect();
    let mut trainer = Trainer::new(3);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(o.seed ^ 0x5a5a);
    for epoch in 1..=o.parser_epochs {
        rng.shuffle(&mut order);
        parser::train_epoch(&mut trainer, &data, &order, epoch > 1, &mut rng);
        if epoch % 3 == 0 || epoch == o.parser_epochs {
            report(&trainer.finish(o.parser_min_updates), epoch);
        }
    }
    trainer.finish(o.parser_min_updates)
}

fn train_labeler(examples: &[Example], tags: &[Vec<u16>], classes: usize, o: &TrainOptions, log: &(dyn Fn(&str) + Sync)) -> Model {
    let children: Vec<Children> = examples.iter().map(|e| Children::of(&e.heads)).collect();
    let trees: Vec<(Tree, &[u16])> = examples
        .iter()
        .zip(tags)
        .zip(&children)
        .map(|((e, t), c)| (Tree { lex: &e.lex, tags: t, heads: &e.heads, children: c }, e.labels.as_slice()))
        .collect();
    let mut trainer = Trainer::new(classes);
    let mut order: Vec<usize> = (0..trees.len()).collect();
    let mut rng = SplitMix(o.seed ^ 0xa5a5);
    for epoch in 1..=o.labeler_epochs {
        rng.shuffle(&mut order);
        labeler::train_epoch(&mut trainer, &trees, &order);
        log(&format!("labeller epoch {epoch} done"));
    }
    trainer.finish(o.min_updates)
}
