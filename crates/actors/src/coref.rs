//! Coreference inside one document.
//!
//! A definite role noun with no country of its own ("the president", "the
//! ministry", "the army") refers back: to the last person named when the
//! sectors agree, otherwise to the country last named; "the bloc" and "the
//! alliance" to the last international organisation named. Headlines come first
//! in reading order, so a headline's actors carry into the lead.

use std::sync::Arc;

use dyad_text::Token;

use crate::codes::{country, with_sector};
use crate::mentions::{Actor, Glue, Mention};

#[derive(Clone, Debug, Default)]
pub struct Coreference {
    last_person: Option<Actor>,
    last_country: Option<Arc<str>>,
    /// The last international organisation named: "the bloc" and "the
    /// alliance" refer to it, never to a country.
    last_organisation: Option<Actor>,
    /// The first person and the first country of the last sentence that
    /// named any: the subject usually comes first, and "the president" or
    /// "the ministry" in the next sentence usually continues it.
    subject_person: Option<Actor>,
    subject_country: Option<Arc<str>>,
}

impl Coreference {
    /// Resolves this sentence's bare definite role nouns, then remembers
    /// its actors for the sentences after it.
    pub fn resolve(&mut self, glue: &Glue, tokens: &[Token], mentions: &mut [Mention]) {
        // "Leaders of the opposition coalition postponed the rally in Baku":
        // when the sentence names exactly one country, a leading role noun
        // without one belongs to it.
        // A trailing attribution (", a spokeswoman for the U.S. embassy
        // said.") is not part of the story's context.
        let attribution = glue.trailing_attribution(tokens);
        let mut countries: Vec<&str> = mentions
            .iter()
            .filter(|m| attribution.is_none_or(|a| m.tok_start < a))
            .flat_map(|m| m.members.iter())
            .filter_map(|a| a.country.as_deref())
            .collect();
        countries.sort_unstable();
        countries.dedup();
        let only_country: Option<Arc<str>> = (countries.len() == 1).then(|| Arc::from(countries[0]));
        let (mut first_person, mut first_country): (Option<Actor>, Option<Arc<str>>) = (None, None);
        for (index, mention) in mentions.iter_mut().enumerate() {
            for actor in mention.members.iter_mut() {
                let definite = token_at(tokens, actor.start).is_some_and(|t| glue.is_the(t));
                let owned = token_before(tokens, actor.start).is_some_and(|t| glue.is_possessive_pronoun(t));
                if actor.entry.is_none() && actor.country.is_none() {
                    // "Russia's ministry said its forces struck": the owner is
                    // the state named first in the sentence, else as "the".
                    match (&first_country, owned) {
                        (Some(c), true) if actor.sector.as_deref() != Some("IGO") => {
                            actor.code = with_sector(c, actor.sector.as_deref().unwrap_or_default()).into();
                            actor.country = Some(c.clone());
                        }
                        _ if definite || owned => self.refer_back(actor),
                        _ => {}
                    }
                    // Only the sentence's first actor, usually its subject,
                    // or a state institution: "India refused to release the
                    // fishermen" says nothing of where the fishermen are
                    // from, but "President Suharto's government" in a
                    // sentence about Indonesia is Indonesia's.
                    let institution = matches!(actor.sector.as_deref(), Some("GOV" | "MIL" | "COP" | "JUD" | "LEG" | "SPY"));
                    let international = actor.entry.is_some() || actor.sector.as_deref() == Some("IGO");
                    if let (None, Some(c), true, false) = (&actor.country, &only_country, index == 0 || institution, international) {
                        actor.code = with_sector(c, actor.sector.as_deref().unwrap_or_default()).into();
                        actor.country = Some(c.clone());
                    }
                }
                if actor.is_person && first_person.is_none() {
                    first_person = Some(actor.clone());
                }
                if first_country.is_none() && actor.entry.is_some() {
                    first_country = actor.country.clone();
                }
                self.observe(actor);
            }
        }
        if first_person.is_some() {
            self.subject_person = first_person;
        }
        if first_country.is_some() {
            self.subject_country = first_country;
        }
    }

    fn refer_back(&self, actor: &mut Actor) {
        let sector = actor.sector.clone().unwrap_or_default();
        if &*sector == "IGO" {
            if let Some(organisation) = &self.last_organisation {
                *actor = Actor { start: actor.start, end: actor.end, ..organisation.clone() };
            }
            return;
        }
        let same_sector = |p: &&Actor| p.sector.as_deref() == Some(&*sector);
        if let Some(person) = self.subject_person.as_ref().filter(same_sector).or(self.last_person.as_ref().filter(same_sector)) {
            let (start, end) = (actor.start, actor.end);
            *actor = Actor { start, end, ..person.clone() };
            return;
        }
        if let Some(c) = self.subject_country.as_ref().or(self.last_country.as_ref()) {
            actor.code = with_sector(c, &sector).into();
            actor.country = Some(c.clone());
        }
    }

    fn observe(&mut self, actor: &Actor) {
        if actor.is_person {
            self.last_person = Some(actor.clone());
        } else if actor.entry.is_some() && actor.code.starts_with("IGO") {
            self.last_organisation = Some(actor.clone());
        }
        if let Some(c) = country(&actor.code) {
            if actor.country.is_some() {
                self.last_country = Some(Arc::from(c));
            }
        }
    }
}

/// The index of the first token of a sentence that starts at or after
/// byte `at` of the document.
fn token_index(tokens: &[Token], at: usize) -> usize {
    tokens.partition_point(|t| (t.start as usize) < at)
}

/// The token of a sentence that ends right before the one at byte `at`.
fn token_before(tokens: &[Token], at: usize) -> Option<&Token> {
    token_index(tokens, at).checked_sub(1).and_then(|j| tokens.get(j))
}

/// The token of a sentence that starts at byte `at` of the document.
fn token_at(tokens: &[Token], at: usize) -> Option<&Token> {
    tokens.get(token_index(tokens, at)).filter(|t| t.start as usize == at)
}
