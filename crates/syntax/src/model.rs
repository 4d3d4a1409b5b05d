//! The trained syntax model: tag set, label set and the three linear
//! models, with its file format and the one call the pipeline makes.

use thiserror::Error;

use crate::labeler::{self, Children, Tree};
use crate::lexical::Lexical;
use crate::linear::{put_string, put_u32, Model, Reader};
use crate::parser::{self, Input};
use crate::tagger::{self, TagLexicon};

const MAGIC: &[u8; 8] = b"DYADSYN1";

/// Longest run of words parsed as one piece; a longer sentence is cut (see
/// [`pieces`]).
pub const MAX_PIECE: usize = 120;

#[derive(Debug, Error)]
#[error("syntax model {origin}: {problem}")]
pub struct ModelError {
    pub origin: String,
    pub problem: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Syntax {
    /// (UPOS, XPOS) per tag number.
    pub tags: Vec<(String, String)>,
    /// Dependency relation per label number (with subtypes: `nsubj:pass`).
    pub labels: Vec<String>,
    pub lexicon: TagLexicon,
    pub tagger: Model,
    pub parser: Model,
    pub labeler: Model,
}

/// The analysis of one sentence. Words are numbered from 1; `heads[i]` and
/// `labels[i]` describe word `i + 1`, and a head of 0 is the root.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parse {
    pub tags: Vec<u16>,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

impl Syntax {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, self.tags.len() as u32);
        for (u, x) in &self.tags {
            put_string(&mut out, u);
            put_string(&mut out, x);
        }
        put_u32(&mut out, self.labels.len() as u32);
        for l in &self.labels {
            put_string(&mut out, l);
        }
        let mut words: Vec<(&u64, &u64)> = self.lexicon.classes.iter().collect();
        words.sort_unstable();
        put_u32(&mut out, words.len() as u32);
        for (w, c) in words {
            out.extend_from_slice(&w.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        for m in [&self.tagger, &self.parser, &self.labeler] {
            m.write(&mut out);
        }
        out
    }

    pub fn from_bytes(origin: &str, bytes: &[u8]) -> Result<Syntax, ModelError> {
        let error = |problem: String| ModelError { origin: origin.to_string(), problem };
        let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| error("not a dyad syntax model (bad magic bytes)".into()))?;
        let mut r = Reader { bytes: body };
        let read = |r: &mut Reader| -> Result<Syntax, String> {
            let n = r.u32()? as usize;
            let mut tags = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                tags.push((r.string()?, r.string()?));
            }
            let n = r.u32()? as usize;
            let mut labels = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                labels.push(r.string()?);
            }
            let n = r.u32()? as usize;
            let raw = r.u32s(n.checked_mul(4).ok_or("lexicon size overflows")?)?;
            let pair = |q: &[u32]| (q[0] as u64 | (q[1] as u64) << 32, q[2] as u64 | (q[3] as u64) << 32);
            let lexicon = TagLexicon { classes: raw.chunks_exact(4).map(pair).collect() };
            let (tagger, parser, labeler) = (Model::read(r)?, Model::read(r)?, Model::read(r)?);
            if tagger.classes() != tags.len() || labeler.classes() != labels.len() || parser.classes() != 3 {
                return Err("class counts do not match the tag and label sets".into());
            }
            if !r.bytes.is_empty() {
                return Err("trailing bytes after the models".into());
            }
            Ok(Syntax { tags, labels, lexicon, tagger, parser, labeler })
        };
        read(&mut r).map_err(error)
    }

    pub fn upos(&self, tag: u16) -> &str {
        &self.tags[tag as usize].0
    }

    pub fn xpos(&self, tag: u16) -> &str {
        &self.tags[tag as usize].1
    }

    pub fn label(&self, label: u16) -> &str {
        &self.labels[label as usize]
    }

    /// Tags, parses and labels a sentence given as its words.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let lex: Vec<Lexical> = words.iter().map(|w| Lexical::of(w)).collect();
        self.parse_lexical(&lex)
    }

    pub fn parse_lexical(&self, lex: &[Lexical]) -> Parse {
        let mut tags = Vec::with_capacity(lex.len());
        tagger::tag(&self.tagger, &self.lexicon, lex, &mut tags);
        self.parse_tagged(lex, tags)
    }

    /// Parses and labels words whose tags are known.
    pub fn parse_tagged(&self, lex: &[Lexical], tags: Vec<u16>) -> Parse {
        let mut out = Parse { tags, ..Parse::default() };
        let mut heads = vec![u32::MAX];
        let mut piece_heads = Vec::new();
        for (start, end) in pieces(lex, &out.tags, self) {
            parser::parse(&self.parser, &Input::new(&lex[start..end], &out.tags[start..end]), &mut piece_heads);
            let first_root = heads.iter().skip(1).position(|&h| h == 0).map(|i| i as u32 + 1);
            for &h in &piece_heads[1..] {
                heads.push(match (h, first_root) {
                    // A later piece hangs from the first piece's root.
                    (0, Some(root)) => root,
                    (0, None) => 0,
                    (h, _) => h + start as u32,
                });
            }
        }
        let children = Children::of(&heads);
        let tree = Tree { lex, tags: &out.tags, heads: &heads, children: &children };
        labeler::label(&self.labeler, &tree, &mut out.labels);
        out.heads = heads[1..].to_vec();
        out
    }
}

/// Cuts a long sentence into pieces of at most [`MAX_PIECE`] words: each
/// cut falls after the last punctuation tag (`,` `:` `.` and the like) in
/// the second half of the piece, or at the piece's end when there is none.
/// The parser's time is linear in any case; the cut bounds what one parse
/// must hold and keeps run-on text from becoming one giant tree.
pub fn pieces(lex: &[Lexical], tags: &[u16], syntax: &Syntax) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < lex.len() {
        let limit = (start + MAX_PIECE).min(lex.len());
        let end = if limit == lex.len() {
            limit
        } else {
            (start + MAX_PIECE / 2..limit).rev().find(|&i| syntax.upos(tags[i]) == "PUNCT").map_or(limit, |i| i + 1)
        };
        out.push((start, end));
        start = end;
    }
    out
}
