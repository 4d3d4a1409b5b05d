//! The text stage of dyad: everything between raw bytes and a sequence of
//! word tokens that the actor and event matchers can walk.
//!
//! - [`document`] reads articles (plain text with front matter, JSON Lines).
//! - [`units`] splits a document into headline and paragraph units.
//! - [`sentences`] splits a unit into sentences.
//! - [`tokens`] splits a sentence into tokens with byte offsets and a
//!   case-folded form.
//! - [`lexicon`] interns word forms and maps inflected forms to lemmas, so
//!   that "ruled out", "rules out" and "ruling out" all meet `rule out`.

pub mod calendar;
pub mod document;
pub mod inflect;
pub mod lexicon;
pub mod normalize;
pub mod reporting;
pub mod sentences;
pub mod tokens;
pub mod units;

pub use document::{Document, InputError};
pub use lexicon::{Lexicon, LexiconBuilder, Sym};
pub use tokens::{Shape, Token};
