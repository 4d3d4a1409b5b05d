//! Coreference inside one document.
//!
//! A definite role noun with no country of its own ("the president", "the
//! ministry", "the army") refers back: to the last person named when the
//! sectors agree, otherwise to the country last named. Headlines come first
//! in reading order, so a headline's actors carry into the lead.

use std::sync::Arc;

use dyad_text::Token;

use crate::codes::{country, with_sector};
use crate::mentions::{Actor, Glue, Mention};

#[derive(Clone, Debug, Default)]
pub struct Coreference {
    last_person: Option<Actor>,
    last_country: Option<Arc<str>>,
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
        let (mut first_person, mut first_country) = (None, None);
        for (index, mention) in mentions.iter_mut().enumerate() {
            for actor in mention.members.iter_mut() {
                let definite = token_at(tokens, actor.start).is_some_and(|t| glue.is_the(t));
                if actor.entry.is_none() && actor.country.is_none() {
                    if definite {
                        self.refer_back(actor);
                    }
                    // Only the sentence's first actor, usually its subject,
                    // or a state institution: "India refused to release the
                    // fishermen" says nothing of where the fishermen are
                    // from, but "President Suharto's government" in a
                    // sentence about Indonesia is Indonesia's.
                    let institution = matches!(actor.sector.as_deref(), Some("GOV" | "MIL" | "COP" | "JUD" | "LEG" | "SPY"));
                    if let (None, Some(c), true) = (&actor.country, &only_country, index == 0 || institution) {
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
        }
        if let Some(c) = country(&actor.code) {
            if actor.country.is_some() {
                self.last_country = Some(Arc::from(c));
            }
        }
    }
}

/// The token of a sentence that starts at byte `at` of the document.
fn token_at(tokens: &[Token], at: usize) -> Option<&Token> {
    let i = tokens.partition_point(|t| (t.start as usize) < at);
    tokens.get(i).filter(|t| t.start as usize == at)
}
