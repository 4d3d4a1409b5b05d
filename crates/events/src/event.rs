//! The output contract: one coded event. Later versions may add fields;
//! none may be removed or renamed.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cameo::Plover;
use crate::dates::Precision;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRef {
    pub code: Arc<str>,
    pub country: Option<Arc<str>>,
    pub sector: Option<Arc<str>>,
    pub name: Arc<str>,
    /// The words of the document that named the actor.
    pub text: String,
    /// Character offsets (Unicode scalar values) into the document text.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Negated,
    Hypothetical,
    Conditional,
    Future,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Conditional => "conditional",
            Modality::Future => "future",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    pub speaker: Option<ActorRef>,
    pub text: String,
}

/// Where an event took place (GDELT's ActionGeo, PLOVER's `event_loc`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Location {
    /// The gazetteer's name of the place.
    pub name: String,
    /// The words of the document that named it; empty, with `start == end`
    /// at the act, when the place is the acting state's own country.
    pub text: String,
    /// Character offsets (Unicode scalar values) into the document text.
    pub start: usize,
    pub end: usize,
    /// ISO 3166-1 alpha-3; `null` for seas and regions across borders.
    pub country: Option<String>,
    /// GeoNames admin-1 code of a city.
    pub adm1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u32>,
    /// city, country, adm1, region, sea or landmark.
    pub feature: String,
    /// city, adm1, country, region or sea.
    pub precision: String,
}

/// Why an event was coded, for `--explain`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// `file:line` and text of the pattern that fired (and of the governing
    /// pattern, when the code was derived).
    pub pattern: String,
    pub governor: Option<String>,
    /// `file:line` of the dictionary entries that named source and target.
    pub source_entry: Option<String>,
    pub target_entry: Option<String>,
    /// The words that set the modality.
    pub modality_cue: Option<String>,
    /// How the source was found: subject, passive by-phrase, speaker, ...
    pub source_rule: Option<String>,
    /// How the target was found: pattern slot, argument in the parse, ...
    pub target_rule: Option<String>,
    /// How the location was chosen, and the gazetteer entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_rule: Option<String>,
    /// The dependency parse of the sentence, one `word:relation>head` per
    /// word.
    pub parse: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub doc_id: String,
    pub sentence_index: usize,
    /// Shared by every event of the sentence: a long sentence with many
    /// events is held once.
    pub sentence: Arc<str>,
    pub date: Option<NaiveDate>,
    pub date_precision: Precision,
    pub source: Option<ActorRef>,
    pub target: Option<ActorRef>,
    pub cameo: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Option<Plover>,
    pub action: Span,
    pub modality: Modality,
    pub quote: Option<Quote>,
    pub mentions: u32,
    /// The event was coded from a headline.
    pub headline: bool,
    /// Where it happened; `null` when the text does not say.
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}
