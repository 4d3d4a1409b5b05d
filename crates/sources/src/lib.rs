//! Where documents come from besides plain text and JSON Lines: HTML
//! article pages, RSS/Atom feeds and WARC archives.
//!
//! - [`html`] extracts an article's main text and metadata (title,
//!   publication date, canonical URL, outlet) from a page.
//!
//! Every reader turns its input into [`dyad_text::Document`]s, or into an
//! [`dyad_text::InputError`] naming the file (and record or item) that
//! could not be read; one bad item never stops the others. This crate
//! never codes events and never writes anything.

pub mod feed;
pub mod html;
pub mod input;
pub mod warc;
pub use input::{read_input, InputFormat};
pub mod fetch;
