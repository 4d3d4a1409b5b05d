//! Document-level passes over a document's events, each linear in the
//! number of sentences and events (a 1 MB document has tens of thousands).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use dyad_events::dates::Precision;
use dyad_events::event::{ActorRef, Event, Modality};

/// For each sentence, given as (unit, headline), the index of the first
/// later sentence that is not a headline and sits in a later unit: the lead
/// a headline takes its date from.
pub(crate) fn leads(sentences: &[(usize, bool)]) -> Vec<Option<usize>> {
    let mut out = vec![None; sentences.len()];
    // Walking backwards: the first body sentence of the unit being walked,
    // and the first body sentence of any unit after it.
    let (mut in_unit, mut after_unit): (Option<usize>, Option<usize>) = (None, None);
    let mut unit = None;
    for (i, &(u, headline)) in sentences.iter().enumerate().rev() {
        if unit != Some(u) {
            after_unit = in_unit.or(after_unit);
            in_unit = None;
            unit = Some(u);
        }
        out[i] = after_unit;
        if !headline {
            in_unit = Some(i);
        }
    }
    out
}

type Key = (String, Option<NaiveDate>, Modality, Option<Arc<str>>, Option<Arc<str>>);

fn code(actor: &Option<ActorRef>) -> Option<Arc<str>> {
    actor.as_ref().map(|a| Arc::clone(&a.code))
}

/// A document's events in text order, one per (source, target, code,
/// date, modality): the first mention is kept and counts the others.
/// Repeats are merged as they come, so a long document holds its distinct
/// events only.
#[derive(Default)]
pub(crate) struct Merged {
    events: Vec<Event>,
    first: HashMap<Key, usize>,
    /// Events of undated headlines, (index, sentence): their date, and so
    /// their key, is known only at the end.
    undated: Vec<(usize, usize)>,
    /// Undated headline events by unit and key: every headline of a unit
    /// takes the same lead's date, so their repeats merge at once (a long
    /// line without final punctuation is one headline unit).
    waiting: HashMap<(usize, Key), usize>,
}

impl Merged {
    /// Adds the next event of `sentence` in `unit`; `dated` is false for an
    /// event of a headline that waits for its lead's date. True when the
    /// event is new, false when it counted as a mention of an earlier one.
    pub(crate) fn push(&mut self, event: Event, sentence: usize, unit: usize, dated: bool) -> bool {
        if dated {
            return merge_into(&mut self.events, &mut self.first, event);
        }
        match self.waiting.get(&(unit, key(&event))) {
            Some(&i) => {
                self.events[i].mentions += event.mentions;
                false
            }
            None => {
                self.waiting.insert((unit, key(&event)), self.events.len());
                self.undated.push((self.events.len(), sentence));
                self.events.push(event);
                true
            }
        }
    }

    /// The new events so far, in the order `push` reported them new.
    pub(crate) fn events_mut(&mut self) -> &mut [Event] {
        &mut self.events
    }

    /// The events, undated headlines dated by `lead_date(sentence)`.
    pub(crate) fn finish(mut self, lead_date: impl Fn(usize) -> Option<(NaiveDate, Precision)>) -> Vec<Event> {
        if self.undated.is_empty() {
            return self.events;
        }
        for &(i, sentence) in &self.undated {
            if let Some((date, precision)) = lead_date(sentence) {
                self.events[i].date = Some(date);
                self.events[i].date_precision = precision;
            }
        }
        let (mut merged, mut first) = (Vec::new(), HashMap::new());
        for event in self.events {
            merge_into(&mut merged, &mut first, event);
        }
        merged
    }
}

fn key(event: &Event) -> Key {
    (event.cameo.clone(), event.date, event.modality, code(&event.source), code(&event.target))
}

/// True when `event` is new.
fn merge_into(merged: &mut Vec<Event>, first: &mut HashMap<Key, usize>, event: Event) -> bool {
    let key = key(&event);
    match first.get(&key) {
        Some(&i) => {
            merged[i].mentions += event.mentions;
            false
        }
        None => {
            first.insert(key, merged.len());
            merged.push(event);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coder;
    use dyad_text::Document;

    #[test]
    fn a_headline_leads_to_the_first_body_sentence_of_a_later_unit() {
        // Two headline units, a body unit of two sentences, a last headline.
        let sentences = [(0, true), (1, true), (2, false), (2, false), (3, true)];
        assert_eq!(leads(&sentences), [Some(2), Some(2), None, None, None]);
    }

    #[test]
    fn a_body_sentence_looks_past_its_own_unit() {
        let sentences = [(0, false), (0, false), (1, false)];
        assert_eq!(leads(&sentences), [Some(2), Some(2), None]);
    }

    #[test]
    fn repeated_events_merge_and_count_their_mentions() {
        let coder = Coder::builtin().expect("built-in dictionaries load");
        let text = "Russia attacked Ukraine on Friday. Moscow met Kyiv. Russia attacked Ukraine on Friday.";
        let events = coder.code(&Document::from_text("d", text, NaiveDate::from_ymd_opt(2025, 9, 12)));
        let attacks: Vec<_> = events.iter().filter(|e| e.root == "19" || e.root == "18").collect();
        assert_eq!(attacks.len(), 1, "{events:#?}");
        assert_eq!(attacks[0].mentions, 2);
        let mut again = Merged::default();
        for (i, e) in events.iter().enumerate() {
            again.push(e.clone(), i, i, true);
        }
        assert_eq!(again.finish(|_| None), events, "merging merged events changes nothing");
    }

    #[test]
    fn an_undated_headline_event_is_merged_once_it_has_its_date() {
        let coder = Coder::builtin().expect("built-in dictionaries load");
        let doc =
            Document::from_text("d", "Russia attacks Ukraine\n\nRussia attacked Ukraine on 3 March.", NaiveDate::from_ymd_opt(2025, 9, 12));
        let events = coder.code(&doc);
        assert_eq!(events.len(), 1, "{events:#?}");
        assert_eq!((events[0].headline, events[0].mentions), (true, 2));
        assert_eq!(events[0].date, NaiveDate::from_ymd_opt(2025, 3, 3));
    }

    #[test]
    fn repeats_in_one_headline_unit_merge_as_they_come() {
        let coder = Coder::builtin().expect("built-in dictionaries load");
        let doc = Document::from_text("d", "Russia attacked Ukraine", NaiveDate::from_ymd_opt(2025, 9, 12));
        let event = coder.code(&doc).pop().expect("an event");
        let mut merged = Merged::default();
        for sentence in 0..200 {
            merged.push(event.clone(), sentence, 0, false);
        }
        merged.push(event.clone(), 200, 1, false);
        assert_eq!(merged.events.iter().map(|e| e.mentions).collect::<Vec<_>>(), [200, 1], "one held per unit");
        assert_eq!(merged.finish(|_| None).iter().map(|e| e.mentions).collect::<Vec<_>>(), [201]);
    }
}
