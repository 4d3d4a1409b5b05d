//! Reading a document's sentences ahead of coding them. The coder parses
//! a sentence only when its roles ask for the tree (a pattern matched and
//! an actor is named); asked one at a time, each parse waits on its own
//! cache misses. Here a first, cheap pass over a window of sentences
//! finds the ones that will ask, and they are parsed side by side
//! (`Syntax::parse_many`), with the same trees as one by one.
//!
//! The first pass tokenises each sentence and finds its actor mentions
//! (with their references resolved), which depend on no tree, so the
//! coding pass takes them as they are instead of reading the sentence
//! again. It then runs the analysis with a stand-in tree (every token a
//! root, none a verb) and notes where it asks for one. The analysis
//! memory it carries can differ from the real pass's (a real tree may
//! change an earlier sentence's events), so the guess may miss: a
//! sentence guessed wrong is parsed when asked, as before, and one parsed
//! for nothing costs only time.

use std::cell::Cell;
use std::collections::VecDeque;

use dyad_actors::coref::Coreference;
use dyad_actors::Mention;
use dyad_events::analysis::{analyze, Draft, Memory, SentenceIn};
use dyad_events::tree::{Rel, TokenTree};
use dyad_text::tokens::tokenize;
use dyad_text::{Document, Token};

use crate::coder::{Coder, SentenceSpan};
use crate::syntax::token_trees;

/// Sentences read (and parsed) together: enough to fill several parse
/// groups, few enough that a long document's read sentences stay small.
const WINDOW: usize = 64;

/// A sentence as the first pass read it.
pub(crate) struct ReadSentence {
    pub tokens: Vec<Token>,
    /// Actor mentions, references resolved.
    pub mentions: Vec<Mention>,
    /// The tree, when the first pass saw the analysis ask for it.
    pub tree: Option<TokenTree>,
}

/// The sentences of a document, read a window ahead of coding, in order.
pub(crate) struct ReadAhead<'a> {
    coder: &'a Coder,
    doc: &'a Document,
    sentences: &'a [SentenceSpan],
    /// The first sentence not read yet.
    next: usize,
    references: Coreference,
    memory: Memory,
    spans: Vec<(usize, usize)>,
    drafts: Vec<Draft>,
    ready: VecDeque<ReadSentence>,
}

impl<'a> ReadAhead<'a> {
    pub(crate) fn new(coder: &'a Coder, doc: &'a Document, sentences: &'a [SentenceSpan]) -> ReadAhead<'a> {
        ReadAhead {
            coder,
            doc,
            sentences,
            next: 0,
            references: Coreference::default(),
            memory: Memory::default(),
            spans: Vec::new(),
            drafts: Vec::new(),
            ready: VecDeque::with_capacity(WINDOW),
        }
    }

    /// Reads the next window of sentences and parses those that ask.
    fn read_window(&mut self) {
        let end = (self.next + WINDOW).min(self.sentences.len());
        let mut asking = Vec::new();
        for index in self.next..end {
            let (read, asked) = self.read(&self.sentences[index]);
            if asked {
                asking.push(self.ready.len());
            }
            self.ready.push_back(read);
        }
        self.next = end;
        if asking.is_empty() {
            return;
        }
        let token_lists: Vec<&[Token]> = asking.iter().map(|&i| self.ready[i].tokens.as_slice()).collect();
        let trees = token_trees(self.coder.syntax(), &self.doc.text, &token_lists);
        for (i, tree) in asking.into_iter().zip(trees) {
            self.ready[i].tree = Some(tree);
        }
    }

    /// One sentence's tokens and mentions, and whether its analysis asks
    /// for a tree.
    fn read(&mut self, s: &SentenceSpan) -> (ReadSentence, bool) {
        let (coder, doc) = (self.coder, self.doc);
        let mut tokens = Vec::new();
        tokenize(&doc.text, s.start, s.end, coder.lexicon(), &mut self.spans, &mut tokens);
        let mut mentions = Vec::new();
        coder.actors().mentions(&tokens, doc.date, &mut mentions);
        coder.actors().resolve_references(&mut self.references, &tokens, &mut mentions);
        let asked = Cell::new(false);
        let stand_in = || {
            asked.set(true);
            flat_tree(tokens.len())
        };
        let parse: Option<&dyn Fn() -> TokenTree> = (!mentions.is_empty()).then_some(&stand_in);
        let input = SentenceIn { text: &doc.text, tokens: &tokens, mentions: &mentions, date: doc.date, parse };
        self.drafts.clear();
        analyze(coder.events(), &input, &mut self.memory, &mut self.drafts);
        let asked = asked.get();
        (ReadSentence { tokens, mentions, tree: None }, asked)
    }
}

impl Iterator for ReadAhead<'_> {
    type Item = ReadSentence;

    fn next(&mut self) -> Option<ReadSentence> {
        if self.ready.is_empty() {
            self.read_window();
        }
        self.ready.pop_front()
    }
}

/// A tree that says nothing: every token a root of its own, none a verb.
fn flat_tree(tokens: usize) -> TokenTree {
    TokenTree { head: vec![None; tokens], rel: vec![Rel::Other; tokens], verb: vec![false; tokens] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::sentences;

    /// The sentences of a document of the given lines, as read ahead.
    fn read_ahead(coder: &Coder, text: &str) -> (Document, Vec<SentenceSpan>, Vec<ReadSentence>) {
        let doc = Document::from_text("ahead", text, None);
        let spans = sentences(&doc.text);
        let read = ReadAhead::new(coder, &doc, &spans).collect();
        (doc, spans, read)
    }

    #[test]
    fn only_sentences_with_an_act_and_an_actor_are_parsed_ahead() {
        let coder = Coder::builtin().unwrap();
        let text = "The weather was mild.\nMoscow suspended talks with Kyiv on Friday.\nTalks were suspended.\n";
        let (_, _, read) = read_ahead(&coder, text);
        let parsed: Vec<bool> = read.iter().map(|r| r.tree.is_some()).collect();
        assert_eq!(parsed, [false, true, false]);
    }

    #[test]
    fn a_tree_parsed_ahead_is_the_tree_parsed_alone() {
        let coder = Coder::builtin().unwrap();
        let text = "Moscow suspended talks with Kyiv.\nTokyo will suspend a fishing treaty with Seoul, officials said.\n";
        let (doc, spans, read) = read_ahead(&coder, text);
        assert!(read.iter().all(|r| r.tree.is_some()), "both sentences have an act and an actor");
        for (s, r) in spans.iter().zip(read) {
            let mut tokens = Vec::new();
            tokenize(&doc.text, s.start, s.end, coder.lexicon(), &mut Vec::new(), &mut tokens);
            let alone = crate::syntax::token_tree(coder.syntax(), &doc.text, &tokens);
            assert_eq!(r.tree, Some(alone));
        }
    }

    #[test]
    fn a_document_longer_than_a_window_is_read_whole_and_in_order() {
        let coder = Coder::builtin().unwrap();
        let text: String = (0..WINDOW * 2 + 5).map(|i| format!("Moscow suspended talks with Kyiv {i} times.\n")).collect();
        let (_, spans, read) = read_ahead(&coder, &text);
        assert_eq!(spans.len(), WINDOW * 2 + 5);
        assert_eq!(read.len(), spans.len());
        for (s, r) in spans.iter().zip(&read) {
            assert_eq!(r.tokens.first().map(|t| t.start as usize), Some(s.start));
            assert!(r.tree.is_some());
        }
    }
}
