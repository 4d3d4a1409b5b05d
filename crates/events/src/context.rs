//! What a document establishes beyond one sentence: the pair of actors it
//! is about (its leading dyad), used to fill a target the text leaves
//! implicit ("Beijing firmly opposes these measures" in an article about
//! new US tariffs on China).

use dyad_actors::Actor;

use crate::analysis::Draft;

/// The source and target of the first event of a document that names
/// both, with different countries.
#[derive(Clone, Debug, Default)]
pub struct LeadingDyad {
    pair: Option<(Actor, Actor)>,
}

impl LeadingDyad {
    /// Takes the first event of `drafts` with two actors of different
    /// countries, unless the document already has its dyad.
    pub fn observe(&mut self, drafts: &[Draft]) {
        if self.pair.is_some() {
            return;
        }
        self.pair = drafts.iter().find_map(|d| match (&d.source, &d.target) {
            (Some(s), Some(t)) if s.country.is_some() && t.country.is_some() && s.country != t.country => Some((s.clone(), t.clone())),
            _ => None,
        });
    }

    /// Both parties, for "the two sides" and "both countries".
    pub fn parties(&self) -> Option<[&Actor; 2]> {
        self.pair.as_ref().map(|(a, b)| [a, b])
    }

    /// The actor across the dyad from `actor`, matched on country: in an
    /// article about the US and China, a Chinese actor's counterpart is the
    /// US one. None for a third party.
    pub fn counterpart(&self, actor: &Actor) -> Option<&Actor> {
        let (a, b) = self.pair.as_ref()?;
        let country = actor.country.as_ref()?;
        if a.country.as_ref() == Some(country) {
            Some(b)
        } else if b.country.as_ref() == Some(country) {
            Some(a)
        } else {
            None
        }
    }
}

/// Whether an act of this code is aimed at someone: every code but the
/// statements (01x), which may concern no one.
fn needs_target(code: &str) -> bool {
    !code.starts_with("01")
}

/// Gives each draft with a source and no target the source's counterpart
/// in the document's dyad, as an implied actor at `at(draft)` (an empty
/// span: the text does not name it).
pub fn fill_implicit_targets(drafts: &mut [Draft], dyad: &LeadingDyad, at: impl Fn(&Draft) -> usize) {
    for draft in drafts.iter_mut().filter(|d| d.target.is_none() && needs_target(&d.code)) {
        let Some(counterpart) = draft.source.as_ref().and_then(|s| dyad.counterpart(s)) else { continue };
        let byte = at(draft);
        draft.target = Some(Actor { start: byte, end: byte, ..counterpart.clone() });
        draft.target_rule = Some("the document's other party (implied)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Modality;

    fn actor(code: &str, country: &str) -> Actor {
        Actor {
            code: code.into(),
            name: code.into(),
            country: Some(country.into()),
            sector: None,
            entry: None,
            role: None,
            agent: None,
            is_person: false,
            is_place: false,
            start: 0,
            end: 3,
        }
    }

    fn draft(code: &str, source: Option<Actor>, target: Option<Actor>) -> Draft {
        Draft {
            code: code.into(),
            act_start: 0,
            act_end: 1,
            source,
            source_rule: None,
            target,
            target_rule: None,
            modality: Modality::Asserted,
            cue: None,
            speaker: None,
            quoted: None,
            pattern: None,
            governor: None,
        }
    }

    fn dyad_of(source: Actor, target: Actor) -> LeadingDyad {
        let mut dyad = LeadingDyad::default();
        dyad.observe(&[draft("163", Some(source), Some(target))]);
        dyad
    }

    #[test]
    fn the_first_two_country_event_sets_the_dyad_for_good() {
        let mut dyad = dyad_of(actor("USAGOV", "USA"), actor("CHN", "CHN"));
        dyad.observe(&[draft("042", Some(actor("FRA", "FRA")), Some(actor("DEU", "DEU")))]);
        assert_eq!(dyad.counterpart(&actor("CHNGOV", "CHN")).map(|a| &*a.code), Some("USAGOV"));
    }

    #[test]
    fn a_one_country_event_is_no_dyad() {
        let mut dyad = LeadingDyad::default();
        dyad.observe(&[draft("173", Some(actor("TURCOP", "TUR")), Some(actor("TUROPP", "TUR")))]);
        assert!(dyad.counterpart(&actor("TUR", "TUR")).is_none());
    }

    #[test]
    fn an_implied_target_is_the_other_party_with_an_empty_span() {
        let dyad = dyad_of(actor("USAGOV", "USA"), actor("CHN", "CHN"));
        let mut drafts = [draft("111", Some(actor("CHNGOV", "CHN")), None)];
        fill_implicit_targets(&mut drafts, &dyad, |_| 42);
        let target = drafts[0].target.as_ref().expect("filled");
        assert_eq!((&*target.code, target.start, target.end), ("USAGOV", 42, 42));
    }

    #[test]
    fn third_parties_and_statements_stay_without_target() {
        let dyad = dyad_of(actor("USAGOV", "USA"), actor("CHN", "CHN"));
        let mut drafts = [draft("111", Some(actor("FRA", "FRA")), None), draft("012", Some(actor("CHN", "CHN")), None)];
        fill_implicit_targets(&mut drafts, &dyad, |_| 0);
        assert!(drafts.iter().all(|d| d.target.is_none()));
    }
}
