//! The syntax stage of dyad: part-of-speech tags and labelled dependency
//! trees in the Universal Dependencies v2 scheme, from a model dyad trains
//! itself.
//!
//! Three linear models run one after another over a sentence's words: a
//! greedy tagger of (UPOS, XPOS) pairs ([`tagger`]), a greedy arc-hybrid
//! parser trained with a dynamic oracle ([`parser`], [`transition`]), and
//! a labeller that names each arc once the tree is built ([`labeler`]).
//! [`Syntax`] holds the three and is the one type the pipeline uses:
//!
//! ```no_run
//! let syntax = dyad_syntax::builtin::builtin();
//! let parse = syntax.parse(&["Moscow", "suspended", "talks", "."]);
//! assert_eq!(parse.heads[0], 2); // "Moscow" hangs from "suspended"
//! println!("{}", syntax.label(parse.labels[0])); // nsubj
//! ```
//!
//! [`train`] builds a model from CoNLL-U treebanks ([`conllu`]) and [`eval`]
//! scores one. [`align`] maps dyad's tokens to the parser's words.

pub mod align;
pub mod builtin;
pub mod conllu;
pub mod eval;
pub mod labeler;
pub mod lexical;
pub mod linear;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod train;
pub mod transition;

pub use model::{Parse, Syntax};
