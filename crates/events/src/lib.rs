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
pub mod context;
pub mod dates;
pub mod derived;
pub mod event;
pub mod matcher;
pub mod patterns;
pub mod tree;
pub mod words;

use dyad_dict::{DictErrors, DictSet};
use dyad_text::LexiconBuilder;

use crate::cameo::CameoTable;
use crate::dates::DateWords;
use crate::derived::Derivations;
use crate::patterns::{CompiledPatterns, ParsedPatterns, PatternSet, PreparedPatterns};
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
        Ok(EventStage::parse(set)?.prepare().compile(lexicon)?.index())
    }

    /// Reads and checks every event file; needs no lexicon, so it can run
    /// in parallel with the actor stage's parsing.
    pub fn parse(set: &DictSet) -> Result<ParsedEvents<'_>, DictErrors> {
        let cameo = CameoTable::load(set)?;
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

impl<'a> PreparedEvents<'a> {
    /// Interns the event words in `lexicon` and compiles the patterns.
    pub fn compile(self, lexicon: &mut LexiconBuilder) -> Result<CompiledEvents<'a>, DictErrors> {
        let mut errors = Vec::new();
        let patterns = self.patterns.compile(lexicon).map_err(|e| errors.extend(e.0));
        let derived = self.derived.map_err(|e| errors.extend(e.0));
        match (patterns, derived) {
            (Ok(patterns), Ok(derived)) => {
                Ok(CompiledEvents { cameo: self.cameo, patterns, derived, words: Words::new(lexicon), date_words: DateWords::new(lexicon) })
            }
            _ => Err(DictErrors(errors)),
        }
    }
}

/// The event stage compiled, its patterns not yet indexed.
pub struct CompiledEvents<'a> {
    cameo: CameoTable,
    patterns: CompiledPatterns<'a>,
    derived: Derivations,
    words: Words,
    date_words: DateWords,
}

impl CompiledEvents<'_> {
    /// Indexes the patterns; needs no lexicon.
    pub fn index(self) -> EventStage {
        EventStage {
            cameo: self.cameo,
            patterns: self.patterns.index(),
            derived: self.derived,
            words: self.words,
            date_words: self.date_words,
        }
    }
}
