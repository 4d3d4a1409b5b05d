//! The event stage of dyad: what was done, by whom, to whom, when, and
//! whether it really happened.
//!
//! - [`cameo`]: the code table (Goldstein, QuadClass, PLOVER).
//! - [`patterns`]: the pattern language and its compiler.
//! - [`derived`]: how governing verbs re-code the acts they govern.
//! - [`matcher`]: pattern matches in a sentence.
//! - [`analysis`]: roles, modality and speech for each match.
//! - [`dates`]: date expressions resolved against the document date.
//! - [`event`]: the output contract.

pub mod analysis;
pub mod cameo;
pub mod dates;
pub mod derived;
pub mod event;
pub mod matcher;
pub mod patterns;
pub mod words;

use dyad_dict::{DictErrors, DictSet};
use dyad_text::LexiconBuilder;

use crate::cameo::CameoTable;
use crate::dates::DateWords;
use crate::derived::Derivations;
use crate::patterns::{ParsedPatterns, PatternSet, PreparedPatterns};
use crate::words::Words;

/// The compiled event stage.
pub struct EventStage {
    pub cameo: CameoTable,
    pub patterns: PatternSet,
    pub derived: Derivations,
    pub words: Words,
    pub date_words: DateWords,
}

impl EventStage {
    pub fn load(set: &DictSet, lexicon: &mut LexiconBuilder) -> Result<EventStage, DictErrors> {
        EventStage::parse(set)?.prepare().compile(lexicon)
    }

    /// Reads and checks every event file; needs no lexicon, so it can run
    /// in parallel with the actor stage's parsing.
    pub fn parse(set: &DictSet) -> Result<ParsedEvents<'_>, DictErrors> {
        let cameo = CameoTable::load(set).map_err(|e| DictErrors(vec![e]))?;
        let patterns = PatternSet::parse(set, &cameo);
        let derived = Derivations::load(set, &cameo);
        Ok(ParsedEvents { cameo, patterns, derived })
    }
}

/// The event files, parsed and checked, before compilation.
pub struct ParsedEvents<'a> {
    cameo: CameoTable,
    patterns: ParsedPatterns<'a>,
    derived: Result<Derivations, DictErrors>,
}

impl<'a> ParsedEvents<'a> {
    /// Lists and inflects the pattern words; needs no lexicon either.
    pub fn prepare(self) -> PreparedEvents<'a> {
        PreparedEvents { cameo: self.cameo, patterns: self.patterns.prepare(), derived: self.derived }
    }
}

/// The event files ready to compile into a lexicon.
pub struct PreparedEvents<'a> {
    cameo: CameoTable,
    patterns: PreparedPatterns<'a>,
    derived: Result<Derivations, DictErrors>,
}

impl PreparedEvents<'_> {
    pub fn compile(self, lexicon: &mut LexiconBuilder) -> Result<EventStage, DictErrors> {
        let mut errors = Vec::new();
        let patterns = self.patterns.compile(lexicon).unwrap_or_else(|e| {
            errors.extend(e.0);
            PatternSet::default()
        });
        let derived = self.derived.unwrap_or_else(|e| {
            errors.extend(e.0);
            Derivations::default()
        });
        if !errors.is_empty() {
            return Err(DictErrors(errors));
        }
        let words = Words::new(lexicon);
        let date_words = DateWords::new(lexicon);
        Ok(EventStage { cameo: self.cameo, patterns, derived, words, date_words })
    }
}
