//! Where events happen, found offline in microseconds.
//!
//! Three steps, one module each, and what the article carries between
//! sentences:
//!
//! - [`gazetteer`]: GeoNames cities (≥ 15,000 people) and countries, plus a
//!   hand-written file of seas, regions and landmarks, compiled in from
//!   `dictionaries/places/` and overridable with `--dict`. Lookups are by
//!   folded name (`"el fasher"`); the large generated files are searched in
//!   place, so loading costs almost nothing.
//! - [`mentions`]: which gazetteer names a sentence uses as places ("in
//!   Istanbul", "the Sagaing region", "Russian refineries") and which as
//!   actors ("Moscow said"). [`mentions::is_place`] tells role assignment
//!   that a mention must not become a target.
//! - [`locate`]: the location of one event: a place of its sentence, else
//!   of its paragraph, else the acting state's own country for acts done
//!   at home; readings are chosen by the event's and the document's
//!   countries, then population.
//! - [`scene`]: what the rest of the article says of where the parties
//!   are: the venue where they met, the place a speaker visits.
//!
//! ```
//! use dyad_dict::DictSet;
//! use dyad_geo::gazetteer::Gazetteer;
//!
//! let gazetteer = Gazetteer::load(&DictSet::builtin()).unwrap();
//! let mut places = Vec::new();
//! gazetteer.lookup("kiev", &mut places);
//! assert_eq!(&*places[0].name, "Kyiv");
//! ```

pub mod distance;
pub mod gazetteer;
pub mod locate;
pub mod mentions;
pub mod scene;

#[cfg(test)]
mod test_support;

pub use gazetteer::{Feature, Gazetteer, Place};
pub use locate::{locate, party, Act, Geo, Located, Scene, SentencePlaces};
pub use mentions::{is_place, place_mentions, Dep, PlaceMention, SentenceView};
