//! How a name resolves to actors on a day: code, dictionary entry, the role
//! that applied and the role noun. `dyad actors lookup` prints these; the
//! Python package returns them as dicts.

use chrono::NaiveDate;
use serde::Serialize;

use dyad_actors::dictionary::{Agent, Role};

use crate::Coder;

/// One actor found in the looked-up name.
#[derive(Clone, Debug, Serialize)]
pub struct Resolution {
    /// The words of the name that denote this actor.
    pub text: String,
    pub code: String,
    pub name: String,
    /// `file:line` of the dictionary entry, when a named entry matched.
    pub entry: Option<String>,
    pub is_person: bool,
    /// The person's role on the day asked (or the latest role without a
    /// day); `None` for a person with no role then.
    pub role: Option<RoleView>,
    /// Every role of the entry, in dictionary order.
    pub roles: Vec<RoleView>,
    pub role_noun: Option<RoleNoun>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleView {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `from..to` as written in the dictionaries (either side may be empty).
    pub range: String,
    pub title: String,
    pub origin: String,
}

impl From<&Role> for RoleView {
    fn from(role: &Role) -> RoleView {
        RoleView {
            code: role.code.clone(),
            from: role.from,
            to: role.to,
            range: role.range_text(),
            title: role.title.clone(),
            origin: role.origin.to_string(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RoleNoun {
    pub phrase: String,
    pub sector: String,
    pub origin: String,
}

impl From<&Agent> for RoleNoun {
    fn from(agent: &Agent) -> RoleNoun {
        RoleNoun { phrase: agent.phrase.clone(), sector: agent.sector.to_string(), origin: agent.origin.to_string() }
    }
}

/// Every actor the name denotes, read as a document of its own dated `date`.
pub fn lookup(coder: &Coder, name: &str, date: Option<NaiveDate>) -> Vec<Resolution> {
    let actors = coder.actors();
    let tokens = coder.tokens(name);
    let mut mentions = Vec::new();
    actors.mentions(&tokens, date, &mut mentions);
    let members = mentions.iter().flat_map(|m| m.members.iter());
    members
        .map(|a| {
            let entry = a.entry.map(|e| &actors.dict.actors[e]);
            Resolution {
                text: name[a.start..a.end].to_string(),
                code: a.code.to_string(),
                name: a.name.to_string(),
                entry: entry.map(|e| e.origin.to_string()),
                is_person: entry.is_some_and(|e| e.is_person()),
                role: entry.and_then(|e| a.role.and_then(|r| e.roles.get(r))).map(RoleView::from),
                roles: entry.map(|e| e.roles.iter().map(RoleView::from).collect()).unwrap_or_default(),
                role_noun: a.agent.map(|g| RoleNoun::from(&actors.dict.agents[g])),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_of_state_resolves_to_the_role_held_on_the_day() {
        let coder = Coder::builtin().unwrap();
        let found = lookup(&coder, "Zelenskyy", NaiveDate::from_ymd_opt(2025, 9, 12));
        assert_eq!(found.len(), 1);
        let zelenskyy = &found[0];
        assert_eq!((zelenskyy.text.as_str(), zelenskyy.code.as_str()), ("Zelenskyy", "UKRGOV"));
        assert!(zelenskyy.is_person && zelenskyy.entry.is_some());
        assert_eq!(zelenskyy.role.as_ref().map(|r| r.code.as_str()), Some("UKRGOV"));
    }

    #[test]
    fn a_role_noun_names_its_sector_and_an_unknown_name_nothing() {
        let coder = Coder::builtin().unwrap();
        let found = lookup(&coder, "protesters", None);
        assert_eq!(found.len(), 1);
        assert!(found[0].role_noun.is_some() && found[0].entry.is_none());
        assert!(lookup(&coder, "Qwzx Blorf", None).is_empty());
    }
}
