//! The syntax stage inside the pipeline: the words of a sentence as the
//! parser sees them, and their parse.

use dyad_events::tree::{Rel, TokenTree};
use dyad_syntax::align::{self, Words};
use dyad_syntax::lexical::Lexical;
use dyad_syntax::{Parse, Syntax};
use dyad_text::tokens::spans;
use dyad_text::Token;

/// A sentence of a document with its parse.
pub struct ParsedSentence {
    /// Byte range of the sentence in the document.
    pub start: usize,
    pub end: usize,
    pub words: Words,
    pub parse: Parse,
}

/// Parses the sentence `text[start..end]`.
pub fn parse_sentence(syntax: &Syntax, text: &str, start: usize, end: usize) -> ParsedSentence {
    let empty = || ParsedSentence { start, end, words: Words::default(), parse: Parse::default() };
    parse_sentences(syntax, text, &[(start, end)]).pop().unwrap_or_else(empty)
}

/// Parses the sentences `text[start..end]` of a document together, which
/// is faster than one by one (see `Syntax::parse_many`).
pub fn parse_sentences(syntax: &Syntax, text: &str, sentences: &[(usize, usize)]) -> Vec<ParsedSentence> {
    let mut tokens = Vec::new();
    let words: Vec<Words> = sentences
        .iter()
        .map(|&(start, end)| {
            tokens.clear();
            spans(text, start, end, &mut tokens);
            align::words(text, &tokens)
        })
        .collect();
    let parses = parse_words(syntax, text, &words);
    sentences.iter().zip(words).zip(parses).map(|((&(start, end), words), parse)| ParsedSentence { start, end, words, parse }).collect()
}

/// One sentence as CoNLL-U, with each word's character offsets in the
/// document in MISC (`TokenRange=start:end`). `char_at` converts a byte
/// offset of the document to a character offset.
pub fn conllu(syntax: &Syntax, text: &str, s: &ParsedSentence, sent_id: &str, char_at: impl Fn(usize) -> usize) -> String {
    let mut sentence = dyad_syntax::conllu::Sentence {
        comments: vec![format!("sent_id = {sent_id}"), format!("text = {}", text[s.start..s.end].replace('\n', " "))],
        words: Vec::new(),
    };
    for (i, &(a, b)) in s.words.spans.iter().enumerate() {
        sentence.words.push(dyad_syntax::conllu::Word {
            form: text[a..b].to_string(),
            lemma: String::new(),
            upos: syntax.upos(s.parse.tags[i]).to_string(),
            xpos: syntax.xpos(s.parse.tags[i]).to_string(),
            head: s.parse.heads[i],
            deprel: syntax.label(s.parse.labels[i]).to_string(),
            misc: format!("TokenRange={}:{}", char_at(a), char_at(b)),
        });
    }
    let mut out = String::new();
    dyad_syntax::conllu::write(&sentence, &mut out);
    out
}

/// A one-line rendering of a parse for `--explain`: each word with its
/// relation and the word it hangs from ("Moscow nsubj> suspended").
pub fn one_line(syntax: &Syntax, text: &str, s: &ParsedSentence) -> String {
    let word = |i: usize| {
        let (a, b) = s.words.spans[i];
        &text[a..b]
    };
    let mut parts = Vec::with_capacity(s.words.spans.len());
    for i in 0..s.words.spans.len() {
        let label = syntax.label(s.parse.labels[i]);
        match s.parse.heads[i] {
            0 => parts.push(format!("{}:root", word(i))),
            h => parts.push(format!("{}:{}>{}", word(i), label, word(h as usize - 1))),
        }
    }
    parts.join(" ")
}

/// Tags, parses and labels sentences given as their words, together.
fn parse_words(syntax: &Syntax, text: &str, words: &[Words]) -> Vec<Parse> {
    let lex: Vec<Vec<Lexical>> = words.iter().map(|w| w.spans.iter().map(|&(s, e)| Lexical::of(&text[s..e])).collect()).collect();
    let slices: Vec<&[Lexical]> = lex.iter().map(Vec::as_slice).collect();
    syntax.parse_many(&slices)
}

/// The parse of a tokenised sentence as a tree over its tokens: a token
/// split into several words takes the head and relation of its first.
pub fn token_tree(syntax: &Syntax, text: &str, tokens: &[Token]) -> TokenTree {
    token_trees(syntax, text, &[tokens]).pop().unwrap_or_default()
}

/// [`token_tree`] of several sentences, parsed together (faster than one
/// by one, the same trees).
pub fn token_trees(syntax: &Syntax, text: &str, sentences: &[&[Token]]) -> Vec<TokenTree> {
    let words: Vec<Words> = sentences
        .iter()
        .map(|tokens| {
            let token_spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start as usize, t.end as usize)).collect();
            align::words(text, &token_spans)
        })
        .collect();
    let parses = parse_words(syntax, text, &words);
    words.iter().zip(&parses).map(|(words, parse)| tree_of(syntax, words, parse)).collect()
}

fn tree_of(syntax: &Syntax, words: &Words, parse: &Parse) -> TokenTree {
    let tokens = words.first_word.len();
    let mut tree = TokenTree { head: Vec::with_capacity(tokens), rel: Vec::with_capacity(tokens), verb: Vec::with_capacity(tokens) };
    for &w in &words.first_word {
        let w = w as usize;
        tree.head.push(match parse.heads[w] {
            0 => None,
            h => Some(words.token[h as usize - 1] as usize),
        });
        tree.rel.push(Rel::from_ud(syntax.label(parse.labels[w])));
        tree.verb.push(matches!(syntax.upos(parse.tags[w]), "VERB" | "AUX"));
    }
    tree
}
