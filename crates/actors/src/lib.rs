//! The actor stage of dyad: who is named in a sentence.
//!
//! - [`dictionary`] parses and validates the actor files and role nouns.
//! - [`codes`] knows the code scheme (country + sector segments).
//! - [`matcher`] finds dictionary phrases in a token stream (longest match).
//! - [`mentions`] composes matched pieces into actor mentions ("Russian
//!   President Vladimir Putin", "the government of Liberia", "Hungarian and
//!   Romanian officials") and resolves dated roles against the document date.

pub mod codes;
pub mod coref;
pub mod dictionary;
pub mod matcher;
pub mod mentions;

use chrono::NaiveDate;
use dyad_dict::{DictErrors, DictSet};
use dyad_text::{LexiconBuilder, Token};

pub use dictionary::ActorDictionary;
pub use matcher::ActorMatcher;
pub use mentions::{Actor, Mention};

/// The compiled actor stage: dictionary, trie and glue words.
pub struct Actors {
    pub dict: ActorDictionary,
    matcher: ActorMatcher,
    glue: mentions::Glue,
}

impl Actors {
    pub fn load(set: &DictSet, lexicon: &mut LexiconBuilder) -> Result<Actors, DictErrors> {
        let dict = ActorDictionary::load(set)?;
        Ok(Actors::compile(dict, lexicon))
    }

    pub fn compile(dict: ActorDictionary, lexicon: &mut LexiconBuilder) -> Actors {
        let matcher = ActorMatcher::compile(&dict, lexicon);
        let glue = mentions::Glue::new(lexicon);
        Actors { dict, matcher, glue }
    }

    /// The actor mentions of one sentence, resolved on `date`.
    pub fn mentions(&self, tokens: &[Token], date: Option<NaiveDate>, out: &mut Vec<Mention>) {
        mentions::compose(&self.dict, &self.matcher, &self.glue, tokens, date, out);
    }

    /// Resolves definite role nouns ("the president") against what the
    /// document named before; call once per sentence, in reading order.
    pub fn resolve_references(&self, memory: &mut coref::Coreference, tokens: &[Token], mentions: &mut [Mention]) {
        memory.resolve(&self.glue, tokens, mentions);
    }
}
