//! Parsing a document's sentences ahead of coding them. The coder parses
//! a sentence only when its roles ask for the tree (a pattern matched and
//! an actor is named); asked one at a time, each parse waits on its own
//! cache misses. Here a first, cheap pass over the document finds the
//! sentences that will ask, and they are parsed side by side
//! (`Syntax::parse_many`), with the same trees as one by one.
//!
//! The first pass runs the analysis with a stand-in tree (every token a
//! root, none a verb) and notes where it asks for one. The coreference
//! memory it carries can differ from the real pass's (a real tree may
//! change an earlier sentence's events), so the guess may miss: a
//! sentence guessed wrong is parsed when asked, as before, and one parsed
//! for nothing costs only time.

use std::cell::Cell;

use dyad_events::analysis::{analyze, Memory, SentenceIn};
use dyad_events::tree::{Rel, TokenTree};
use dyad_text::{Document, Token};

use crate::coder::{read_sentence, Coder, SentenceSpan};
use crate::syntax::token_trees;

/// The trees of the sentences of `doc` that coding will ask for, by
/// sentence index; `None` for the others.
pub(crate) fn trees_ahead(coder: &Coder, doc: &Document, sentences: &[SentenceSpan]) -> Vec<Option<TokenTree>> {
    let wanted = sentences_asking(coder, doc, sentences);
    let token_lists: Vec<&[Token]> = wanted.iter().map(|(_, tokens)| tokens.as_slice()).collect();
    let mut trees = vec![None; sentences.len()];
    if wanted.is_empty() {
        return trees;
    }
    for ((index, _), tree) in wanted.iter().zip(token_trees(coder.syntax(), &doc.text, &token_lists)) {
        trees[*index] = Some(tree);
    }
    trees
}

/// The sentences whose analysis asks for a tree, with their tokens.
fn sentences_asking(coder: &Coder, doc: &Document, sentences: &[SentenceSpan]) -> Vec<(usize, Vec<Token>)> {
    let (mut spans, mut tokens, mut mentions, mut drafts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut references = Default::default();
    let mut memory = Memory::default();
    let mut wanted = Vec::new();
    for (index, s) in sentences.iter().enumerate() {
        read_sentence(coder, doc, (s.start, s.end), &mut references, &mut spans, &mut tokens, &mut mentions);
        let asked = Cell::new(false);
        let stand_in = || {
            asked.set(true);
            flat_tree(tokens.len())
        };
        let parse: Option<&dyn Fn() -> TokenTree> = (!mentions.is_empty()).then_some(&stand_in);
        let input = SentenceIn { text: &doc.text, tokens: &tokens, mentions: &mentions, date: doc.date, parse };
        drafts.clear();
        analyze(coder.events(), &input, &mut memory, &mut drafts);
        if asked.get() {
            wanted.push((index, tokens.clone()));
        }
    }
    wanted
}

/// A tree that says nothing: every token a root of its own, none a verb.
fn flat_tree(tokens: usize) -> TokenTree {
    TokenTree { head: vec![None; tokens], rel: vec![Rel::Other; tokens], verb: vec![false; tokens] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::sentences;

    /// A document of the given lines, its sentences and the trees parsed
    /// ahead for them.
    fn parsed_ahead(coder: &Coder, text: &str) -> (Document, Vec<SentenceSpan>, Vec<Option<TokenTree>>) {
        let doc = Document::from_text("ahead", text, None);
        let spans = sentences(&doc.text);
        let trees = trees_ahead(coder, &doc, &spans);
        (doc, spans, trees)
    }

    #[test]
    fn only_sentences_with_an_act_and_an_actor_are_parsed_ahead() {
        let coder = Coder::builtin().unwrap();
        let text = "The weather was mild.\nMoscow suspended talks with Kyiv on Friday.\nTalks were suspended.\n";
        let (_, _, trees) = parsed_ahead(&coder, text);
        let parsed: Vec<bool> = trees.iter().map(Option::is_some).collect();
        assert_eq!(parsed, [false, true, false]);
    }

    #[test]
    fn a_tree_parsed_ahead_is_the_tree_parsed_alone() {
        let coder = Coder::builtin().unwrap();
        let text = "Moscow suspended talks with Kyiv.\nTokyo will suspend a fishing treaty with Seoul, officials said.\n";
        let (doc, spans, trees) = parsed_ahead(&coder, text);
        assert!(trees.iter().all(Option::is_some), "both sentences have an act and an actor");
        for (s, tree) in spans.iter().zip(trees) {
            let mut tokens = Vec::new();
            dyad_text::tokens::tokenize(&doc.text, s.start, s.end, coder.lexicon(), &mut Vec::new(), &mut tokens);
            let alone = crate::syntax::token_tree(coder.syntax(), &doc.text, &tokens);
            assert_eq!(tree, Some(alone));
        }
    }
}
