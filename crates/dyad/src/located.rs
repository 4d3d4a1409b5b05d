//! Event locations: the coder's one hook into `dyad-geo`.
//!
//! While the coder reads a document, [`Places`] keeps every sentence's
//! place mentions, the countries of the actors it names, and, for each
//! event, the act's and the target's spans. When the document is read,
//! [`Places::locate`] gives each event its `location` (before repeated
//! events are merged, so every event's own sentence counts).

use dyad_actors::Mention;
use dyad_events::analysis::Draft;
use dyad_events::event::{ActorRef, Event, Location};
use dyad_geo::locate::{locate, party, Act, Geo, Located, Scene, SentencePlaces};
use dyad_geo::mentions::{place_mentions, SentenceView};
use dyad_text::tokens::tokenize;
use dyad_text::{Document, Token};

use crate::coder::sentences;
use crate::Coder;
use rustc_hash::FxHashSet;

/// What the location of one event needs from its sentence.
struct PendingAct {
    sentence: usize,
    act: (usize, usize),
    /// Byte offsets of the target's words.
    target: Option<(usize, usize)>,
}

#[derive(Default)]
pub struct Places {
    sentences: Vec<SentencePlaces>,
    countries: FxHashSet<String>,
    acts: Vec<PendingAct>,
}

impl Places {
    /// Reads one sentence's places and actors' countries.
    pub fn sentence(&mut self, geo: &Geo, text: &str, tokens: &[Token], mentions: &[Mention], unit: usize, headline: bool) {
        let view = SentenceView { text, tokens, actors: mentions, deps: None };
        let read = SentencePlaces::read(&geo.gazetteer, &view, unit, headline);
        self.countries.extend(mentions.iter().flat_map(|m| &m.members).filter_map(|a| a.country.as_deref().map(str::to_string)));
        self.countries.extend(
            read.mentions.iter().filter(|m| m.readings.len() == 1).filter_map(|m| m.readings[0].country.as_deref().map(str::to_string)),
        );
        self.sentences.push(read);
    }

    /// Remembers an event of the last sentence read; call once per event,
    /// in the order the events are kept.
    pub fn event(&mut self, draft: &Draft) {
        let target = draft.target.as_ref().filter(|a| a.end > a.start).map(|a| (a.start, a.end));
        self.acts.push(PendingAct { sentence: self.sentences.len() - 1, act: (draft.act_start, draft.act_end), target });
    }

    /// Sets the location of every event remembered, in order.
    pub fn locate(&self, geo: &Geo, text: &str, events: &mut [Event]) {
        let scene = Scene { sentences: &self.sentences, countries: &self.countries };
        for (event, pending) in events.iter_mut().zip(&self.acts) {
            let act = Act {
                sentence: pending.sentence,
                act: pending.act,
                code: &event.cameo,
                source_country: country(&event.source),
                target_country: country(&event.target),
                target: pending.target.map(|(s, e)| (&text[s..e], s, e)),
                parties: [party_of(&event.source), party_of(&event.target)],
            };
            let Some(found) = locate(geo, &scene, &act) else { continue };
            if let Some(explain) = event.explain.as_mut() {
                explain.location_rule = Some(format!("{} [{}]", found.how, geo.gazetteer.origin(&found.place)));
            }
            event.location = Some(location(text, found, event.action.start));
        }
    }
}

/// The byte spans of the places a document names (the place rules alone,
/// for tools and for timing them).
pub fn place_spans(coder: &Coder, doc: &Document) -> Vec<(usize, usize)> {
    let (mut tokens, mut scratch, mut mentions, mut found) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in sentences(&doc.text) {
        tokens.clear();
        mentions.clear();
        tokenize(&doc.text, s.start, s.end, coder.lexicon(), &mut scratch, &mut tokens);
        coder.actors().mentions(&tokens, doc.date, &mut mentions);
        let view = SentenceView { text: &doc.text, tokens: &tokens, actors: &mentions, deps: None };
        place_mentions(&coder.geo().gazetteer, &view, &mut found);
    }
    found.iter().map(|m| (m.start, m.end)).collect()
}

/// The output form; an inferred place has an empty span at the act.
fn location(text: &str, found: Located, act_start: usize) -> Location {
    let (start, end, words) = match found.span {
        Some((s, e)) => (char_offset(text, s), char_offset(text, e), text[s..e].to_string()),
        None => (act_start, act_start, String::new()),
    };
    let place = found.place;
    Location {
        name: place.name.to_string(),
        text: words,
        start,
        end,
        country: place.country.map(|c| c.to_string()),
        adm1: place.adm1.map(|c| c.to_string()),
        lat: place.lat,
        lon: place.lon,
        geonames_id: place.geonames_id,
        feature: place.feature.as_str().to_string(),
        precision: place.feature.precision().to_string(),
    }
}

fn country(actor: &Option<ActorRef>) -> Option<&str> {
    actor.as_ref().and_then(|a| a.country.as_deref())
}

fn party_of(actor: &Option<ActorRef>) -> Option<&str> {
    actor.as_ref().filter(|a| !a.code.is_empty()).map(|a| party(&a.code, a.country.as_deref()))
}

fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_spans_are_the_places_named() {
        let text = "Moscow said talks in Istanbul would resume.";
        let doc = Document::from_text("d", text, None);
        let spans = place_spans(&Coder::builtin().unwrap(), &doc);
        assert_eq!(spans.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>(), ["Istanbul"]);
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        assert_eq!(char_offset("Erdoğan in Ankara", 12), 11);
    }
}
