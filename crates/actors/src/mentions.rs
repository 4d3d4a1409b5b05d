//! From matched pieces to actor mentions.
//!
//! Pieces that touch, or are joined by a possessive ("Israel's cabinet"),
//! by "of/in/from" after a role noun ("the government of Liberia"), or by a
//! "-led/-backed" compound, form one actor. Groups joined by "and" or commas
//! form one mention with several members ("Russia and China"), and a bare
//! adjective before "and" borrows the role noun of its partner ("Hungarian
//! and Romanian officials" -> HUNGOV, ROUGOV).

use std::sync::Arc;

use chrono::NaiveDate;
use dyad_text::calendar::{MONTHS, WEEKDAYS};
use dyad_text::reporting::REPORTING_VERBS;
use dyad_text::{LexiconBuilder, Shape, Sym, Token};

use crate::codes::{country, sector, sector_code, with_sector};
use crate::dictionary::{ActorDictionary, NameKind};
use crate::matcher::{ActorMatcher, Piece, PieceKind};

/// A resolved actor in the text.
///
/// Actors are copied into every event that names them; shared strings make
/// a copy a reference count, not four allocations.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub code: Arc<str>,
    pub country: Option<Arc<str>>,
    pub sector: Option<Arc<str>>,
    /// Canonical name of the entry (or the role noun, for an actor that is
    /// only a role: "protesters").
    pub name: Arc<str>,
    /// Byte span in the document text. Byte offsets, not token indexes:
    /// an actor remembered from one sentence and used in another keeps a
    /// span that is valid in the document. An actor the text implies
    /// without naming it has an empty span at the act.
    pub start: usize,
    pub end: usize,
    /// The dictionary entry that named the actor, and the person's role that
    /// applied on the document date.
    pub entry: Option<usize>,
    pub role: Option<usize>,
    pub agent: Option<usize>,
    pub is_person: bool,
    /// Named only by a place inside a state ("Istanbul", "Kharkiv"): where
    /// something happens, and only by metonymy who does it.
    pub is_place: bool,
}

/// One place in the sentence that names one or more actors.
#[derive(Clone, Debug)]
pub struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub members: Vec<Actor>,
}

/// Words that glue pieces together.
pub struct Glue {
    the: Sym,
    possessive: Sym,
    of: Sym,
    in_: Sym,
    from: Sym,
    and: Sym,
    comma: Sym,
    hyphen: Sym,
    compound: Vec<Sym>,
    title_modifiers: Vec<Sym>,
    stances: Vec<Sym>,
    reporting: Vec<Sym>,
    ethnic: Sym,
    /// "its", "their": a role noun they own belongs to an actor named before.
    possessive_pronouns: Vec<Sym>,
    /// Capitalised words that never continue a name.
    calendar: Vec<Sym>,
}

impl Glue {
    pub fn is_the(&self, t: &Token) -> bool {
        t.norm == self.the
    }

    pub fn is_possessive_pronoun(&self, t: &Token) -> bool {
        self.possessive_pronouns.contains(&t.norm)
    }

    /// Where a trailing ", X said." attribution starts, if the sentence
    /// ends with one.
    pub fn trailing_attribution(&self, tokens: &[Token]) -> Option<usize> {
        let n = tokens.len();
        let said = (n.saturating_sub(5)..n).any(|i| tokens[i].lemma.is_known() && self.reporting.contains(&tokens[i].lemma));
        if !said {
            return None;
        }
        (0..n).rev().find(|&i| tokens[i].norm == self.comma)
    }

    pub fn new(lexicon: &mut LexiconBuilder) -> Glue {
        Glue {
            the: lexicon.intern("the"),
            possessive: lexicon.intern("'s"),
            of: lexicon.intern("of"),
            in_: lexicon.intern("in"),
            from: lexicon.intern("from"),
            and: lexicon.intern("and"),
            comma: lexicon.intern(","),
            hyphen: lexicon.intern("-"),
            calendar: WEEKDAYS.iter().chain(MONTHS.iter()).chain(["i", "the"].iter()).map(|w| lexicon.intern(w)).collect(),
            stances: ["anti", "pro"].iter().map(|w| lexicon.intern(w)).collect(),
            reporting: REPORTING_VERBS.iter().map(|w| lexicon.add_lemma(w)).collect(),
            ethnic: lexicon.intern("ethnic"),
            possessive_pronouns: ["its", "their"].iter().map(|w| lexicon.intern(w)).collect(),
            title_modifiers: [
                "vice",
                "deputy",
                "former",
                "acting",
                "interim",
                "senior",
                "top",
                "chief",
                "ex",
                "then",
                "ousted",
                "outgoing",
                "incoming",
                "first",
                "assistant",
                "junior",
                "exiled",
                "late",
                "new",
                "current",
                "-",
                // Leanings between a demonym and its group: "Irish
                // nationalist guerrillas", "Kurdish separatist rebels".
                "nationalist",
                "separatist",
                "secessionist",
                "islamist",
                "jihadist",
                "maoist",
                "communist",
                "leftist",
                "rightist",
                "radical",
                "hardline",
                "royalist",
                "loyalist",
                "armed",
            ]
            .iter()
            .map(|w| lexicon.intern(w))
            .collect(),
            compound: [
                "led",
                "backed",
                "based",
                "sponsored",
                "allied",
                "aligned",
                "run",
                "controlled",
                "brokered",
                "funded",
                "armed",
                "trained",
                "held",
                "occupied",
                "ruled",
            ]
            .iter()
            .map(|w| lexicon.intern(w))
            .collect(),
        }
    }
}

struct Group {
    pieces: Vec<usize>,
    /// Pieces that only modify ("Syrian" in "Syrian-backed militia").
    modifiers: Vec<usize>,
    start: usize,
    end: usize,
}

pub fn compose(
    dict: &ActorDictionary,
    matcher: &ActorMatcher,
    glue: &Glue,
    tokens: &[Token],
    date: Option<NaiveDate>,
    out: &mut Vec<Mention>,
) {
    let mut pieces = Vec::new();
    matcher.find(tokens, &mut pieces);
    if pieces.is_empty() {
        return;
    }
    settle_shared_places(&mut pieces);
    let groups = group_pieces(dict, glue, tokens, &pieces);
    let mut actors: Vec<Actor> = groups.iter().map(|g| resolve(dict, tokens, &pieces, g, date)).collect();
    // "ethnic Albanians in south Serbia": an ethnic group, not the state of
    // the same name; its country comes from where it lives.
    for (g, actor) in groups.iter().zip(actors.iter_mut()) {
        if g.start > 0 && tokens[g.start - 1].norm == glue.ethnic && !actor.is_person {
            let sector = actor.sector.clone().filter(|s| &**s != "GOV").unwrap_or_else(|| Arc::from("CVL"));
            *actor = Actor {
                code: sector.clone(),
                country: None,
                sector: Some(sector),
                name: format!("ethnic {}", actor.name).into(),
                entry: None,
                role: None,
                start: tokens[g.start - 1].start as usize,
                ..actor.clone()
            };
        }
    }
    coordinate(glue, tokens, &groups, &pieces, &mut actors, out);
}

fn has_agent(pieces: &[Piece], g: &Group) -> bool {
    g.pieces.iter().any(|&p| pieces[p].kinds.iter().any(|k| matches!(k, PieceKind::Agent { .. })))
}

fn has_state(dict: &ActorDictionary, pieces: &[Piece], g: &Group) -> bool {
    g.pieces.iter().filter(|p| !g.modifiers.contains(p)).any(|&p| actor_of(&pieces[p]).is_some_and(|(a, _)| dict.actors[a].code.is_some()))
}

fn actor_of(piece: &Piece) -> Option<(usize, &NameKind)> {
    piece.kinds.iter().find_map(|k| match k {
        PieceKind::Actor { actor, kind, .. } => Some((*actor, kind)),
        PieceKind::Agent { .. } => None,
    })
}

fn group_pieces(dict: &ActorDictionary, glue: &Glue, tokens: &[Token], pieces: &[Piece]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (idx, piece) in pieces.iter().enumerate() {
        // "anti-Syria journalist", "pro-Russian blogger": the stance, not
        // the actor.
        if piece.start >= 2 && tokens[piece.start - 1].norm == glue.hyphen && glue.stances.contains(&tokens[piece.start - 2].norm) {
            continue;
        }
        // "Tom King": a capitalised role noun right after an unknown
        // capitalised word is part of a name, not a king.
        let is_agent = piece.kinds.iter().all(|k| matches!(k, PieceKind::Agent { .. }));
        let after_name = piece.start > 1 && is_name_word(&tokens[piece.start - 1]) && pieces.iter().all(|p| p.end != piece.start);
        if is_agent && tokens[piece.start].shape == Shape::Capitalized && after_name {
            if let Some(g) = groups.last_mut().filter(|g| g.end + 1 == piece.start) {
                g.end = piece.end;
            }
            continue;
        }
        if let Some(g) = groups.last_mut() {
            let gap = &tokens[g.end..piece.start];
            let joins = match gap {
                [] => true,
                [t] if t.norm == glue.possessive => true,
                // "Taiwan's Vice Foreign Minister", "the former President".
                _ if gap.len() <= 3
                    && gap
                        .iter()
                        .enumerate()
                        .all(|(i, t)| glue.title_modifiers.contains(&t.norm) || (i == 0 && t.norm == glue.possessive)) =>
                {
                    true
                }
                [h, w] if h.norm == glue.hyphen && glue.compound.contains(&w.norm) => {
                    if let Some(&last) = g.pieces.last() {
                        g.modifiers.push(last);
                    }
                    true
                }
                [p] | [p, _] if [glue.of, glue.in_, glue.from].contains(&p.norm) && (gap.len() == 1 || gap[1].norm == glue.the) => {
                    has_agent(pieces, g)
                        && !has_state(dict, pieces, g)
                        && actor_of(piece).is_some_and(|(a, _)| dict.actors[a].code.is_some())
                }
                _ => false,
            };
            if joins {
                g.pieces.push(idx);
                g.end = piece.end;
                continue;
            }
        }
        groups.push(Group { pieces: vec![idx], modifiers: Vec::new(), start: piece.start, end: piece.end });
    }
    // A title followed by a name the dictionary does not know ("Defence
    // Secretary Tom King", "President Dos Santos"): the name belongs to the
    // mention.
    for g in groups.iter_mut() {
        if has_agent(pieces, g) {
            while g.end < tokens.len()
                && is_name_word(&tokens[g.end])
                && !glue.calendar.contains(&tokens[g.end].norm)
                && pieces.iter().all(|p| p.start != g.end)
            {
                g.end += 1;
            }
        }
    }
    groups
}

/// A capitalised word, the kind names are made of.
fn is_name_word(t: &Token) -> bool {
    t.shape == Shape::Capitalized
}

/// The role of `actor` on `date`: the role that holds then; outside every
/// role the person is an elite of the country of the nearest role; without
/// a date the current (open or latest) role.
pub fn person_code(dict: &ActorDictionary, actor: usize, date: Option<NaiveDate>) -> (String, Option<usize>) {
    let roles = &dict.actors[actor].roles;
    match date {
        Some(day) => {
            if let Some(i) = roles.iter().position(|r| r.holds_on(day)) {
                return (roles[i].code.clone(), Some(i));
            }
            let distance = |r: &crate::dictionary::Role| {
                let before = r.to.map(|t| (day - t).num_days().abs()).unwrap_or(i64::MAX);
                let after = r.from.map(|f| (f - day).num_days().abs()).unwrap_or(i64::MAX);
                before.min(after)
            };
            let nearest = roles.iter().min_by_key(|r| distance(r)).map(|r| r.code.as_str()).unwrap_or("");
            (format!("{}ELI", country(nearest).unwrap_or(&nearest[..3.min(nearest.len())])), None)
        }
        None => {
            let latest = roles.iter().enumerate().max_by_key(|(_, r)| (r.to.is_none(), r.from)).map(|(i, _)| i);
            match latest {
                Some(i) => (roles[i].code.clone(), Some(i)),
                None => (String::new(), None),
            }
        }
    }
}

/// "Tripoli" is Libya's capital unless the sentence names Lebanon
/// otherwise ("the north Lebanese port of Tripoli"): a shared place name
/// keeps the reading whose actor the rest of the sentence names.
fn settle_shared_places(pieces: &mut [Piece]) {
    let shared_actor = |k: &PieceKind| match k {
        PieceKind::Actor { actor, kind: NameKind::SharedPlace, .. } => Some(*actor),
        _ => None,
    };
    if !pieces.iter().any(|p| p.kinds.iter().any(|k| shared_actor(k).is_some())) {
        return;
    }
    let named: Vec<usize> = pieces
        .iter()
        .flat_map(|p| p.kinds.iter())
        .filter_map(|k| match k {
            PieceKind::Actor { actor, kind, .. } if *kind != NameKind::SharedPlace => Some(*actor),
            _ => None,
        })
        .collect();
    for piece in pieces.iter_mut().filter(|p| p.kinds.iter().any(|k| shared_actor(k).is_some())) {
        let supported = piece.kinds.iter().filter_map(shared_actor).find(|a| named.contains(a));
        let has_owner = piece.kinds.iter().any(|k| matches!(k, PieceKind::Actor { .. }) && shared_actor(k).is_none());
        piece.kinds.retain(|k| match (k, supported) {
            (PieceKind::Agent { .. }, _) => true,
            (PieceKind::Actor { actor, .. }, Some(s)) => *actor == s,
            (_, None) => shared_actor(k).is_none() || !has_owner,
        });
    }
}

fn resolve(dict: &ActorDictionary, tokens: &[Token], pieces: &[Piece], g: &Group, date: Option<NaiveDate>) -> Actor {
    let mut person = None;
    let mut main: Option<(usize, &NameKind, usize)> = None;
    let mut modifier: Option<(usize, &NameKind, usize)> = None;
    let mut agent = None;
    for &p in &g.pieces {
        for kind in &pieces[p].kinds {
            match kind {
                PieceKind::Agent { agent: a } => agent = Some(*a),
                PieceKind::Actor { actor, kind, name } => {
                    if dict.actors[*actor].is_person() {
                        person.get_or_insert(*actor);
                    } else if g.modifiers.contains(&p) {
                        modifier.get_or_insert((*actor, kind, *name));
                    } else {
                        main.get_or_insert((*actor, kind, *name));
                    }
                }
            }
        }
    }
    let main = main.or(modifier);
    let agent_sector = agent.map(|a| dict.agents[a].sector);
    let (code, name, entry, role) = if let Some(p) = person {
        let (code, role) = person_code(dict, p, date);
        (code, dict.actors[p].name.clone(), Some(p), role)
    } else if let Some((a, kind, name)) = main {
        let base = dict.actors[a].code.clone().unwrap_or_default();
        // A seat of power is named as itself ("Kremlin"), not as its state.
        let name = match kind {
            NameKind::Sector(_) => dict.names[name].phrase.clone(),
            _ => dict.actors[a].name.clone(),
        };
        let code = match (kind, agent_sector) {
            (NameKind::Sector(s), _) => with_sector(&base, s),
            (_, Some(s)) => with_sector(&base, s),
            _ => base,
        };
        (code, name, Some(a), None)
    } else {
        let a = agent.expect("a group holds at least one piece");
        (dict.agents[a].sector.to_string(), dict.agents[a].phrase.clone(), None, None)
    };
    Actor {
        country: entry.and(country(&code)).map(Arc::from),
        // A bare sector code ("MIL" for "troops") is its own sector.
        sector: sector(&code).or_else(|| sector_code(&code)).map(Arc::from),
        code: code.into(),
        name: name.into(),
        start: tokens[g.start].start as usize,
        end: tokens[g.end - 1].end as usize,
        entry,
        role,
        agent,
        is_person: person.is_some(),
        is_place: person.is_none()
            && agent.is_none()
            && main.is_some_and(|(_, kind, _)| matches!(kind, NameKind::Place | NameKind::SharedPlace)),
    }
}

/// Joins groups linked by "and" / "," into mentions with several members.
fn coordinate(glue: &Glue, tokens: &[Token], groups: &[Group], pieces: &[Piece], actors: &mut [Actor], out: &mut Vec<Mention>) {
    let only_adjectives = |g: &Group| g.pieces.iter().all(|&p| actor_of(&pieces[p]).is_some_and(|(_, k)| *k == NameKind::Adjective));
    let mut i = 0;
    while i < groups.len() {
        // Links between consecutive groups: "and" (optionally ", and"),
        // or a bare comma, each optionally followed by "the".
        let mut j = i;
        let mut first_comma = None;
        let mut ends_with_and = false;
        while j + 1 < groups.len() {
            let gap = &tokens[groups[j].end..groups[j + 1].start];
            let gap = match gap {
                [rest @ .., last] if last.norm == glue.the => rest,
                _ => gap,
            };
            let link = match gap {
                [t] if t.norm == glue.and => Some(true),
                [c, a] if c.norm == glue.comma && a.norm == glue.and => Some(true),
                [c] if c.norm == glue.comma => Some(false),
                _ => None,
            };
            let Some(is_and) = link else { break };
            if !is_and && first_comma.is_none() {
                first_comma = Some(j);
            }
            ends_with_and = is_and;
            j += 1;
        }
        // A comma joins actors only in a list that ends with "and" ("Iran,
        // Iraq and Syria"); "Tehran, the foreign ministry said" is two.
        if let (Some(c), false) = (first_comma, ends_with_and) {
            j = c;
        }
        // "Hungarian and Romanian officials": bare adjectives borrow the
        // role noun that ends the coordination.
        if j > i && has_agent(pieces, &groups[j]) {
            if let Some(agent) = actors[j].agent {
                let sector = actors[j].sector.clone();
                for k in i..j {
                    if only_adjectives(&groups[k]) {
                        if let Some(s) = &sector {
                            actors[k].code = with_sector(&actors[k].code, s).into();
                            actors[k].sector = Some(s.clone());
                        }
                        actors[k].agent = Some(agent);
                    }
                }
            }
        }
        let mut start = groups[i].start;
        if start > 0 && tokens[start - 1].norm == glue.the {
            start -= 1;
        }
        for (group, actor) in groups[i..=j].iter().zip(actors[i..=j].iter_mut()) {
            if group.start > 0 && tokens[group.start - 1].norm == glue.the {
                actor.start = tokens[group.start - 1].start as usize;
            }
        }
        out.push(Mention { tok_start: start, tok_end: groups[j].end, members: actors[i..=j].to_vec() });
        i = j + 1;
    }
}
