//! dyad as a library: raw news text in, coded political events out.
//!
//! ```no_run
//! let coder = dyad::Coder::builtin().unwrap();
//! let doc = dyad::Document::from_text("d1", "Moscow suspended talks with Kyiv on Friday.", None);
//! for event in coder.code(&doc) {
//!     println!("{}", serde_json::to_string(&event).unwrap());
//! }
//! ```
//!
//! The pipeline is text ([`dyad_text`]) -> syntax ([`dyad_syntax`]) ->
//! actors ([`dyad_actors`]) -> events ([`dyad_events`]); this crate loads the dictionaries, runs the
//! stages over a document and writes the output formats.

mod ahead;
pub mod coder;
pub mod examples;
pub mod guard;
mod located;
pub mod lookup;
pub mod output;
mod passes;
pub mod stream;
pub mod syntax;
pub use chrono::NaiveDate;
pub use dyad_text::document;

pub use coder::Coder;
pub use dyad_dict::{DictError, DictErrors, DictSet};
pub use dyad_events::event;
pub use dyad_events::event::Event;
pub use dyad_syntax::Syntax;
pub use dyad_text::{Document, InputError};
pub use guard::CodeError;
pub use located::place_spans;
