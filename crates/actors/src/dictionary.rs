//! Parsing and validating the actor dictionaries (`actors/*.txt`) and the
//! role nouns (`agents.txt`). The format is documented in
//! `docs/dictionaries.md`; every problem becomes a file:line error.

use std::sync::Arc;

use chrono::NaiveDate;
use dyad_dict::{lines, DictError, DictErrors, DictSet};
use dyad_text::tokens::FoldedPhrase;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::codes::{is_well_formed, sector_code, INTERNATIONAL};

/// Where an entry was written, for error messages and `--explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Shared by every entry of the file.
    pub file: Arc<str>,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Debug)]
pub struct Role {
    pub code: String,
    /// First day in the role.
    pub from: Option<NaiveDate>,
    /// First day out of it.
    pub to: Option<NaiveDate>,
    pub title: String,
    pub origin: Origin,
}

impl Role {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day < t)
    }

    pub fn range_text(&self) -> String {
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", show(self.from), show(self.to))
    }
}

#[derive(Clone, Debug)]
pub struct ActorEntry {
    pub name: String,
    pub code: Option<String>,
    /// Line of the `code:` attribute, for errors about the code.
    pub code_line: usize,
    pub roles: Vec<Role>,
    pub origin: Origin,
}

impl ActorEntry {
    pub fn is_person(&self) -> bool {
        !self.roles.is_empty()
    }
}

/// How a matched name denotes its actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// The actor itself ("Ukraine", "Putin").
    Name,
    /// An adjective or demonym ("Ukrainian", "Ukrainians").
    Adjective,
    /// The actor in a sector: a seat of power ("Kremlin" -> GOV).
    Sector(&'static str),
    /// A place inside a state ("Kharkiv").
    Place,
    /// A place whose name another actor holds ("Tripoli" in Lebanon, where
    /// the other is Libya's capital): it stands for this actor only in a
    /// sentence that names this actor otherwise.
    SharedPlace,
}

#[derive(Clone, Debug)]
pub struct NameEntry {
    pub phrase: String,
    /// The phrase as folded tokens with their shapes, computed once while
    /// the files are parsed in parallel.
    pub words: FoldedPhrase,
    pub actor: usize,
    pub kind: NameKind,
    pub origin: Origin,
}

/// A role noun: "troops" -> MIL.
#[derive(Clone, Debug)]
pub struct Agent {
    pub phrase: String,
    pub words: FoldedPhrase,
    pub sector: &'static str,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default)]
pub struct ActorDictionary {
    pub actors: Vec<ActorEntry>,
    pub names: Vec<NameEntry>,
    pub agents: Vec<Agent>,
}

impl ActorDictionary {
    /// Parses and validates the actor files and `agents.txt` of `set`.
    pub fn load(set: &DictSet) -> Result<ActorDictionary, DictErrors> {
        // Files parse in parallel into partial dictionaries, merged in file
        // order so actor indices stay stable.
        let files: Vec<_> = set.files_under("actors/").collect();
        let parts: Vec<(ActorDictionary, Vec<DictError>)> = files
            .par_iter()
            .map(|file| {
                let (mut part, mut errors) = (ActorDictionary::default(), Vec::new());
                parse_actor_file(&file.origin, &file.text, &mut part, &mut errors);
                (part, errors)
            })
            .collect();
        let mut dict = ActorDictionary::default();
        let mut errors = Vec::new();
        for (part, part_errors) in parts {
            let offset = dict.actors.len();
            dict.actors.extend(part.actors);
            dict.names.extend(part.names.into_iter().map(|n| NameEntry { actor: n.actor + offset, ..n }));
            errors.extend(part_errors);
        }
        if let Some(file) = set.file("agents.txt") {
            parse_agents(&file.origin, &file.text, &mut dict, &mut errors);
        }
        validate(&dict, &mut errors);
        if errors.is_empty() {
            Ok(dict)
        } else {
            Err(DictErrors(errors))
        }
    }

    /// The country codes the dictionary defines (three-letter `code:`s).
    pub fn country_codes(&self) -> Vec<&str> {
        self.actors.iter().filter_map(|a| a.code.as_deref()).filter(|c| c.len() == 3).collect()
    }

    /// Finds actors whose canonical name or any name variant folds to the
    /// same words as `query` (for `dyad actors lookup`).
    pub fn lookup(&self, query: &str) -> Vec<(&ActorEntry, &NameEntry)> {
        let key = fold_phrase(query);
        self.names.iter().filter(|n| n.words.key() == key).map(|n| (&self.actors[n.actor], n)).collect()
    }
}

fn fold_phrase(p: &str) -> String {
    FoldedPhrase::new(p).key().to_string()
}

fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_actor_file(file: &str, text: &str, dict: &mut ActorDictionary, errors: &mut Vec<DictError>) {
    let mut current: Option<usize> = None;
    let file_name: Arc<str> = Arc::from(file);
    for line in lines(text) {
        let origin = Origin { file: file_name.clone(), line: line.number };
        if !line.indented {
            if line.text.contains(':') && !line.text.contains(' ') {
                errors.push(DictError::new(file, line.number, format!("attribute {:?} must be indented under an actor name", line.text)));
                continue;
            }
            dict.actors.push(ActorEntry {
                name: line.text.to_string(),
                code: None,
                code_line: line.number,
                roles: Vec::new(),
                origin: origin.clone(),
            });
            let idx = dict.actors.len() - 1;
            dict.names.push(NameEntry {
                phrase: line.text.to_string(),
                words: FoldedPhrase::new(line.text),
                actor: idx,
                kind: NameKind::Name,
                origin,
            });
            current = Some(idx);
            continue;
        }
        let Some(actor) = current else {
            errors.push(DictError::new(file, line.number, "indented line before the first actor name"));
            continue;
        };
        let Some((key, value)) = line.text.split_once(':') else {
            errors.push(DictError::new(file, line.number, format!("expected `key: value`, found {:?}", line.text)));
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let mut add_names = |kind: NameKind| {
            for phrase in split_list(value) {
                dict.names.push(NameEntry {
                    phrase: phrase.to_string(),
                    words: FoldedPhrase::new(phrase),
                    actor,
                    kind: kind.clone(),
                    origin: origin.clone(),
                });
            }
        };
        match key {
            "code" => {
                if dict.actors[actor].code.is_some() {
                    errors.push(DictError::new(file, line.number, "second `code:` for one actor"));
                } else if !is_well_formed(value) {
                    errors.push(DictError::new(file, line.number, format!("code {value:?} is not capital letters in groups of three")));
                } else {
                    dict.actors[actor].code_line = line.number;
                    dict.actors[actor].code = Some(value.to_string());
                }
            }
            "names" => add_names(NameKind::Name),
            "adjectives" => add_names(NameKind::Adjective),
            "places" => add_names(NameKind::Place),
            "shared places" => add_names(NameKind::SharedPlace),
            "role" => match parse_role(value, &origin) {
                Ok(role) => dict.actors[actor].roles.push(role),
                Err(msg) => errors.push(DictError::new(file, line.number, msg)),
            },
            k if k.len() == 3 && k.bytes().all(|b| b.is_ascii_uppercase()) => {
                if let Some(sector) = sector_code(k) {
                    add_names(NameKind::Sector(sector));
                } else {
                    errors.push(DictError::new(file, line.number, format!("unknown sector {k:?} (see docs/dictionaries.md for the list)")));
                }
            }
            other => errors.push(DictError::new(
                file,
                line.number,
                format!("unknown key {other:?} (expected code, names, adjectives, places, shared places, role or a sector)"),
            )),
        }
    }
}

/// Parses `CODE FROM..TO description`. The range is required: a role
/// without one would apply on every date.
fn parse_role(value: &str, origin: &Origin) -> Result<Role, String> {
    let mut parts = value.split_whitespace();
    let code = parts.next().ok_or("role needs a code")?.to_string();
    if !is_well_formed(&code) {
        return Err(format!("role code {code:?} is not capital letters in groups of three"));
    }
    let rest: Vec<&str> = parts.collect();
    let (from, to, title_start) = match rest.first() {
        Some(range) if range.contains("..") => {
            let (a, b) = range.split_once("..").unwrap_or(("", ""));
            (parse_day(a)?, parse_day(b)?, 1)
        }
        _ => return Err(format!("role {code} has no date range (write FROM..TO, FROM.. or ..TO)")),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            return Err(format!("date range {}..{} ends before it starts", f, t));
        }
    }
    Ok(Role { code, from, to, title: rest[title_start..].join(" "), origin: origin.clone() })
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the period);
/// empty means open.
fn parse_day(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| format!("unparsable date {s:?} (expected YYYY-MM-DD, YYYY-MM or YYYY)"));
    let (y, m, d) = match parts.as_slice() {
        [y] if y.len() == 4 => (num(y)?, 1, 1),
        [y, m] if y.len() == 4 => (num(y)?, num(m)?, 1),
        [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        _ => return Err(format!("unparsable date {s:?} (expected YYYY-MM-DD, YYYY-MM or YYYY)")),
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).map(Some).ok_or_else(|| format!("no such day {s:?}"))
}

fn parse_agents(file: &str, text: &str, dict: &mut ActorDictionary, errors: &mut Vec<DictError>) {
    let file_name: Arc<str> = Arc::from(file);
    for line in lines(text) {
        let Some((sector, value)) = line.text.split_once(':') else {
            errors.push(DictError::new(file, line.number, format!("expected `SECTOR: noun; noun`, found {:?}", line.text)));
            continue;
        };
        let sector = sector.trim();
        let Some(sector) = sector_code(sector) else {
            errors.push(DictError::new(file, line.number, format!("unknown sector {sector:?} (see docs/dictionaries.md for the list)")));
            continue;
        };
        for phrase in split_list(value) {
            dict.agents.push(Agent {
                phrase: phrase.to_string(),
                words: FoldedPhrase::new(phrase),
                sector,
                origin: Origin { file: file_name.clone(), line: line.number },
            });
        }
    }
}

fn validate(dict: &ActorDictionary, errors: &mut Vec<DictError>) {
    // A set: every actor and role code is checked, eleven thousand of them.
    let countries: rustc_hash::FxHashSet<&str> = dict.country_codes().into_iter().chain(INTERNATIONAL.iter().copied()).collect();
    let known = |code: &str| countries.contains(&code[..3.min(code.len())]);
    let mut canonical: FxHashMap<&str, &Origin> = FxHashMap::default();
    for actor in &dict.actors {
        let o = &actor.origin;
        if let Some(first) = canonical.insert(actor.name.as_str(), o) {
            errors.push(DictError::new(&o.file, o.line, format!("duplicate entry {:?} (first at {first})", actor.name)));
        }
        match (&actor.code, actor.roles.is_empty()) {
            (None, true) => errors.push(DictError::new(&o.file, o.line, format!("{:?} has neither `code:` nor `role:`", actor.name))),
            (Some(_), false) => errors.push(DictError::new(
                &o.file,
                o.line,
                format!("{:?} has both `code:` and `role:`; a person has roles only", actor.name),
            )),
            _ => {}
        }
        if let Some(code) = &actor.code {
            if !known(code) {
                errors.push(DictError::new(
                    &o.file,
                    actor.code_line,
                    format!("unknown code {code:?}: {:?} is not a known state or IGO/NGO/IMG/MNC", &code[..3]),
                ));
            }
        }
        let mut roles: Vec<&Role> = actor.roles.iter().collect();
        for role in &roles {
            if !known(&role.code) {
                errors.push(DictError::new(
                    &role.origin.file,
                    role.origin.line,
                    format!("unknown code {:?}: {:?} is not a known state or IGO/NGO/IMG/MNC", role.code, &role.code[..3]),
                ));
            }
        }
        roles.sort_by_key(|r| r.from);
        for pair in roles.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let overlaps = match (a.to, b.from) {
                (None, _) | (_, None) => true,
                (Some(end), Some(start)) => start < end,
            };
            if overlaps {
                errors.push(DictError::new(
                    &b.origin.file,
                    b.origin.line,
                    format!("role {} {} overlaps role {} {} (line {})", b.code, b.range_text(), a.code, a.range_text(), a.origin.line),
                ));
            }
        }
    }
    // Keys borrow the folded phrases: eleven thousand names are checked at
    // every load.
    let mut claimed: FxHashMap<(&str, bool), &NameEntry> = FxHashMap::default();
    for name in &dict.names {
        let folded = name.words.key();
        if folded.is_empty() {
            errors.push(DictError::new(&name.origin.file, name.origin.line, "empty name"));
            continue;
        }
        // The same words may be a person's name and a state's adjective only
        // if they are different kinds; two actors claiming one name is an
        // error, unless one of them marks it shared.
        if name.kind == NameKind::SharedPlace {
            continue;
        }
        let key = (folded, name.kind == NameKind::Adjective);
        if let Some(first) = claimed.get(&key) {
            if first.actor != name.actor {
                errors.push(DictError::new(
                    &name.origin.file,
                    name.origin.line,
                    format!("name {:?} already belongs to {:?} ({})", name.phrase, dict.actors[first.actor].name, first.origin),
                ));
            }
            continue;
        }
        claimed.insert(key, name);
    }
    let mut agents: FxHashMap<&str, &Agent> = FxHashMap::default();
    for agent in &dict.agents {
        let folded = agent.words.key();
        if let Some(first) = agents.get(folded) {
            errors.push(DictError::new(
                &agent.origin.file,
                agent.origin.line,
                format!("role noun {:?} already listed ({})", agent.phrase, first.origin),
            ));
            continue;
        }
        agents.insert(folded, agent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_dict::DictFile;

    fn set(files: &[(&str, &str)]) -> DictSet {
        DictSet::from_files(files.iter().map(|(p, t)| DictFile { path: p.to_string(), origin: p.to_string(), text: (*t).into() }).collect())
    }

    #[test]
    fn parses_states_people_and_agents() {
        let d = ActorDictionary::load(&set(&[
            ("actors/a.txt", "Russia\n    code: RUS\n    adjectives: Russian; Russians\n    GOV: Kremlin; Moscow\n\nVladimir Putin\n    names: Putin\n    role: RUSGOV 1999-12-31..  President\n"),
            ("agents.txt", "MIL: troop; soldier\nGOV: official\n"),
        ]))
        .unwrap();
        assert_eq!(d.actors.len(), 2);
        assert_eq!(d.names.len(), 7);
        assert_eq!(d.agents.len(), 3);
        assert_eq!(d.actors[1].roles[0].from, NaiveDate::from_ymd_opt(1999, 12, 31));
        assert_eq!(d.lookup("putin").len(), 1);
    }

    #[test]
    fn reports_every_problem_with_file_and_line() {
        let err = ActorDictionary::load(&set(&[
            ("actors/a.txt", "Russia\n    code: RUS\n    XYZ: Kremlin\nNobody\n    names: Nob\nSomeone\n    role: ZZZGOV 2020..2019\n    role: RUSGOV 2019-13-01..\nRussia\n    code: RUS\n    names: Kremlin\n"),
            ("agents.txt", "MIL: troop\nFOO: thing\nMIL: troop\n"),
        ]))
        .unwrap_err();
        let text = err.to_string();
        for expected in [
            "actors/a.txt:3: unknown sector \"XYZ\"",
            "actors/a.txt:4: \"Nobody\" has neither `code:` nor `role:`",
            "actors/a.txt:7: date range 2020-01-01..2019-01-01 ends before it starts",
            "actors/a.txt:8: no such day \"2019-13-01\"",
            "actors/a.txt:9: duplicate entry \"Russia\" (first at actors/a.txt:1)",
            "agents.txt:2: unknown sector \"FOO\"",
            "agents.txt:3: role noun \"troop\" already listed (agents.txt:1)",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn overlapping_roles_and_unknown_codes() {
        let err = ActorDictionary::load(&set(&[(
            "actors/a.txt",
            "Russia\n    code: RUS\nA Person\n    role: RUSGOV 2000..2010\n    role: RUSELI 2008..\nB Person\n    role: XXXGOV ..\nC Person\n    role: RUSGOV President\n",
        )]))
        .unwrap_err()
        .to_string();
        assert!(err.contains("actors/a.txt:5: role RUSELI 2008-01-01.. overlaps role RUSGOV 2000-01-01..2010-01-01 (line 4)"), "{err}");
        assert!(err.contains("actors/a.txt:7: unknown code \"XXXGOV\""), "{err}");
        assert!(err.contains("actors/a.txt:9: role RUSGOV has no date range (write FROM..TO, FROM.. or ..TO)"), "{err}");
    }
}
