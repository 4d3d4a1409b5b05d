//! From matches to events in one sentence: who is the source and the
//! target, which governing verb re-codes which act, whether the act really
//! happened, and who said so.
//!
//! dyad does not parse. These rules read the sentence as a sequence of
//! actor mentions, pattern matches and function words:
//!
//! - **Source** is the nearest actor mention left of the act that is not
//!   inside a prepositional phrase, without crossing a clause boundary
//!   ("that", "which", ";"...). "he"/"they" resolve to the last person or
//!   actor; "and <act>" shares the source of the act before it; a passive
//!   ("was attacked by X") takes X; an act with no subject inside reported
//!   speech takes the speaker.
//! - **Target** is the first other actor after the act in its clause.
//! - **Governing verbs** (codes 020/030/100/120/130) merge with the act that
//!   follows into a derived code ("urged X to release" -> 0253).
//! - **Modality** comes from the words before the act: negators, modals,
//!   future markers, and if/unless clauses; announced or conditional acts
//!   become intents (03x) or threats (13x), refusals rejections (12x).
//! - **Conventions of the codebook** fill what the text leaves implicit: a
//!   speaker's "X must/should ..." is a demand/appeal on X, a protest with
//!   no target is against the protesters' own government, and violence with
//!   no named perpetrator belongs to unidentified armed forces of the place.

use std::cell::OnceCell;
use std::sync::Arc;

use chrono::NaiveDate;

use dyad_actors::{Actor, Mention};
use dyad_text::Token;

use crate::context::{fill_implicit_targets, LeadingDyad};
use crate::derived::Governor;
use crate::event::Modality;
use crate::matcher::{find_all, select, Frame, Match};
use crate::tree::{TokenTree, ADJUNCT_SUBJECT};
use crate::words::Words;
use crate::EventStage;

/// Coreference memory carried from sentence to sentence in one document.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    pub last_person: Option<Actor>,
    pub last_actor: Option<Actor>,
    pub dyad: LeadingDyad,
}

pub struct SentenceIn<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub mentions: &'a [Mention],
    pub date: Option<NaiveDate>,
    /// Parses the sentence; called at most once, and only for a sentence
    /// with a pattern match (most sentences never need the parser).
    pub parse: Option<&'a dyn Fn() -> TokenTree>,
}

/// An event before offsets and table values are filled in.
#[derive(Clone, Debug)]
pub struct Draft {
    pub code: String,
    /// Token span of the act (governing verb through governed act).
    pub act_start: usize,
    pub act_end: usize,
    pub source: Option<Actor>,
    pub source_rule: Option<&'static str>,
    pub target: Option<Actor>,
    pub target_rule: Option<&'static str>,
    pub modality: Modality,
    pub cue: Option<(usize, usize)>,
    pub speaker: Option<Actor>,
    /// Token span of the quotation or reported clause the act sits in.
    pub quoted: Option<(usize, usize)>,
    /// The pattern that fired; `None` for an event found by a rule alone
    /// (a speaker's "X must ...").
    pub pattern: Option<u32>,
    pub governor: Option<u32>,
}

/// Who is reported as saying what in the sentence.
struct Speech {
    speaker: Option<usize>,
    /// Token range that is reported (quoted or indirect).
    reported: Option<(usize, usize)>,
    quotes: Vec<(usize, usize)>,
}

struct Sentence<'a> {
    w: &'a Words,
    input: &'a SentenceIn<'a>,
    covering: Vec<Option<usize>>,
    parsed: OnceCell<Option<TokenTree>>,
}

impl<'a> Sentence<'a> {
    fn tree(&self) -> Option<&TokenTree> {
        self.parsed.get_or_init(|| self.input.parse.map(|parse| parse())).as_ref()
    }

    fn tokens(&self) -> &'a [Token] {
        self.input.tokens
    }

    fn mention(&self, m: usize) -> &'a Mention {
        &self.input.mentions[m]
    }

    fn is_prep(&self, i: usize) -> bool {
        self.w.is(&self.tokens()[i], &self.w.prepositions)
    }

    /// The mention that starts at or covers token `i`, if its head is not
    /// inside a prepositional phrase.
    fn free_mention(&self, m: usize) -> bool {
        let start = self.mention(m).tok_start;
        if start == 0 || !self.is_prep(start - 1) {
            return true;
        }
        // "Thousands of Iraqi Kurds demonstrated": after a quantity or a
        // group ("dozens of", "supporters of") the "of" phrase is the subject.
        let t = self.tokens();
        start >= 2 && t[start - 1].norm == self.w.of && self.w.is(&t[start - 2], &self.w.quantities)
    }

    /// Whether a mention names only role nouns with no country ("officials",
    /// "troops"): such a mention is used only when no better one is there.
    fn weak(&self, m: usize) -> bool {
        self.mention(m).members.iter().all(|a| a.entry.is_none() && a.country.is_none())
    }

    fn subject(&self, anchor: usize, previous_source: Option<&Actor>) -> Option<(Actor, &'static str)> {
        let t = self.tokens();
        let mut j = anchor;
        let mut steps = 0;
        let mut weak = None;
        while j > 0 {
            j -= 1;
            steps += 1;
            if let Some(m) = self.covering[j] {
                if self.free_mention(m) && !self.place_modifier(m) {
                    if !self.weak(m) {
                        return Some((self.mention(m).members[0].clone(), "subject"));
                    }
                    weak = weak.or(Some(m));
                }
                j = self.mention(m).tok_start;
                continue;
            }
            let tok = &t[j];
            if (tok.norm == self.w.and || tok.norm == self.w.comma) && steps <= 2 && weak.is_none() {
                if let Some(prev) = previous_source {
                    return Some((prev.clone(), "coordinated"));
                }
            }
            let pronoun = self.w.is(tok, &self.w.person_pronouns)
                || self.w.is(tok, &self.w.group_pronouns)
                || self.w.is(tok, &self.w.speaker_pronouns);
            // A reporting verb ends the clause: in "Russia said protesters
            // attacked", the protesters attacked.
            if self.w.is(tok, &self.w.subject_stops) || self.w.is_verb(tok, &self.w.reporting) || (pronoun && weak.is_none()) {
                break;
            }
        }
        weak.map(|m| (self.mention(m).members[0].clone(), "subject"))
    }

    /// The actor of the predicate's subject in the parse: the predicate is
    /// the first verb of the match, and its subject a mention at or under
    /// the subject's head ("a spokesman for the Russian foreign ministry").
    fn tree_subject(&self, m: &Match) -> Option<(Actor, &'static str)> {
        let tree = self.tree()?;
        let predicate = (m.start..m.end.min(tree.verb.len())).find(|&i| tree.verb[i])?;
        let (mut subject, mut rule) = tree.subject_of(predicate)?;
        // An adverbial clause shares its main clause's subject only as a
        // participle ("..., accusing Kyiv of ..."); a finite one ("after
        // Poland denounced ...") has its own, even where the parse lost it.
        if rule == ADJUNCT_SUBJECT && !self.is_participle(predicate) {
            return None;
        }
        // "Rwanda, which denies ...": the relative word stands for the noun.
        // An actor between the two is the clause's subject instead ("the
        // demand, which Kyiv refuses").
        let actor_between = (subject + 1..predicate).any(|i| self.covering[i].is_some());
        if self.w.is(&self.tokens()[subject], &self.w.relative_pronouns) && !actor_between {
            if let Some(noun) = tree.relative_antecedent(predicate).or_else(|| self.mention_before(subject)) {
                (subject, rule) = (noun, "noun of the relative clause");
            }
        }
        let mention = self.phrase_actor(tree, subject)?;
        Some((self.mention(mention).members[0].clone(), rule))
    }

    /// Whether token `i` is an -ing participle ("saying", "accusing").
    fn is_participle(&self, i: usize) -> bool {
        let token = &self.tokens()[i];
        self.input.text[token.start as usize..token.end as usize].ends_with("ing")
    }

    /// The mention a phrase acts through: its first named actor, else its
    /// first role noun ("the republic of Slovenia", "a spokesman for the
    /// ministry").
    fn phrase_actor(&self, tree: &TokenTree, head: usize) -> Option<usize> {
        let phrase = self.phrase_mentions(tree, head);
        phrase.iter().copied().find(|&m| !self.weak(m)).or(phrase.first().copied())
    }

    /// The mentions of the phrase headed by `head`, one per covered word,
    /// in text order.
    fn phrase_mentions(&self, tree: &TokenTree, head: usize) -> Vec<usize> {
        tree.subtree(head).into_iter().filter_map(|i| self.covering[i]).collect()
    }

    /// The last token of a mention that ends right before token `i`, a
    /// comma between them allowed: a relative word follows its noun even
    /// where the parse does not attach the clause to it.
    fn mention_before(&self, i: usize) -> Option<usize> {
        let t = self.tokens();
        let before = i.checked_sub(1)?;
        let at = if t[before].norm == self.w.comma { before.checked_sub(1)? } else { before };
        self.covering[at].map(|_| at)
    }

    /// What the parse says the act `start..end` is done to: the first of
    /// its arguments ([`TokenTree::arguments_of`]) that names an actor
    /// other than `exclude` and the `skip` mentions and is not a place.
    fn tree_target(&self, start: usize, end: usize, exclude: &str, skip: &[usize]) -> Option<usize> {
        let tree = self.tree()?;
        tree.arguments_of(start, end).into_iter().find_map(|arg| {
            let mention = self.covering[arg].or_else(|| self.phrase_mentions(tree, arg).first().copied())?;
            let usable = !skip.contains(&mention) && !self.located(mention) && &*self.mention(mention).members[0].code != exclude;
            usable.then_some(mention)
        })
    }

    /// Whether the draft's target is an argument of its act in the parse:
    /// "told Kyiv", "said to the envoy", not an actor of what was said
    /// ("said Russia attacked Ukraine" is a report, not a statement to
    /// Ukraine).
    fn addressed(&self, d: &Draft) -> bool {
        let (Some(tree), Some(target)) = (self.tree(), &d.target) else { return false };
        tree.arguments_of(d.act_start, d.act_end).into_iter().any(|arg| {
            let span = self.tokens()[arg].start as usize..self.tokens()[arg].end as usize;
            span.contains(&target.start) || (target.start..target.end.max(target.start + 1)).contains(&span.start)
        })
    }

    /// Whether mention `m` is the agent inside a hyphenated participle
    /// ("a US-brokered deal", "the Iran-backed group"): it describes who
    /// did something else, and is not what this act is done to.
    fn agent_modifier(&self, m: usize) -> bool {
        let t = self.tokens();
        let end = self.mention(m).tok_end;
        let word = |i: usize| t.get(i).map(|x| &self.input.text[x.start as usize..x.end as usize]);
        word(end) == Some("-") && word(end + 1).is_some_and(|w| w.len() > 3 && w.ends_with("ed"))
    }

    /// Whether mention `m` is a capital named as where something happens
    /// ("approved the package in Brussels", "leaders meeting in The
    /// Hague"): there the name stands for the city, not its government.
    fn capital_as_place(&self, m: usize) -> bool {
        let mention = self.mention(m);
        let named = self.tokens()[mention.tok_start].shape == dyad_text::Shape::Capitalized;
        named && self.located(m) && mention.members.iter().all(|a| !a.is_person && a.sector.as_deref() == Some("GOV"))
    }

    /// Whether mention `m` is a place that only modifies a noun: "the
    /// Quito talks" were held in Quito, not by Ecuador.
    fn place_modifier(&self, m: usize) -> bool {
        self.names_a_place(m) && self.describes_noun(m)
    }

    /// Whether mention `m` only describes a noun in the parse: "a
    /// US-brokered deal", "the Istanbul talks".
    fn describes_noun(&self, m: usize) -> bool {
        let Some(tree) = self.tree() else { return false };
        let mention = self.mention(m);
        tree.head_of(mention.tok_start, mention.tok_end).is_some_and(|h| tree.is_modifier(h))
    }

    /// The mentions that are the subject of a clause coordinated with the
    /// act `start..end`: never its target.
    fn subjects_of_coordinated_clauses(&self, start: usize, end: usize) -> Vec<usize> {
        let Some(tree) = self.tree() else { return Vec::new() };
        let Some(act) = tree.head_of(start, end) else { return Vec::new() };
        (0..self.input.mentions.len())
            .filter(|&mi| {
                let mention = self.mention(mi);
                tree.head_of(mention.tok_start, mention.tok_end).is_some_and(|h| tree.subject_of_coordinated_clause(h, act))
            })
            .collect()
    }

    /// Whether the mention is only a place inside a state ("Istanbul"),
    /// not the state, its seat of power or a group from there.
    fn names_a_place(&self, m: usize) -> bool {
        self.mention(m).members.iter().all(|a| a.is_place)
    }

    /// Whether mention `m` is a place where something happens: "in Kirkuk",
    /// "near the town of Samarra".
    fn located(&self, m: usize) -> bool {
        let t = self.tokens();
        let start = self.mention(m).tok_start;
        // Look back through the noun phrase ("in a residential sector of
        // eastern Beirut"), not past punctuation, another actor or a verb
        // ("in demanding independence from Indonesian rule").
        let verb = |i: usize| self.tree().is_some_and(|tree| tree.verb[i]);
        (start.saturating_sub(8)..start)
            .rev()
            .take_while(|&i| self.covering[i].is_none() && t[i].norm != self.w.comma && !verb(i))
            .any(|i| self.w.is(&t[i], &self.w.locatives))
    }

    /// The verb that grants the demand noun at `anchor`, if it is the
    /// object of one ("accepted the rebels' demands", "bowed to demands").
    fn granted_before(&self, anchor: usize) -> Option<usize> {
        let t = self.tokens();
        if !self.w.is_verb(&t[anchor], &self.w.demand_nouns) {
            return None;
        }
        (anchor.saturating_sub(5)..anchor)
            .rev()
            .take_while(|&i| !self.w.is(&t[i], &self.w.subject_stops) && t[i].norm != self.w.comma)
            .find(|&i| self.covering[i].is_none() && self.w.is_verb(&t[i], &self.w.granting))
    }

    /// Whether mention `m` follows "between" ("between the army and the RSF").
    fn after_between(&self, m: usize) -> bool {
        let t = self.tokens();
        let start = self.mention(m).tok_start;
        let before = |k: usize| start.checked_sub(k).map(|i| &t[i]);
        let is_between = |k: usize| before(k).is_some_and(|x| x.norm == self.w.between);
        is_between(1) || before(1).is_some_and(|x| self.w.is(x, &self.w.determiners)) && is_between(2)
    }

    /// The country of the first place named with "in", "near", "at" or
    /// "outside" in the sentence.
    fn place_country(&self) -> Option<Arc<str>> {
        (0..self.input.mentions.len()).filter(|&m| self.located(m)).find_map(|m| self.mention(m).members[0].country.clone())
    }

    /// The leftmost free mention of the clause before `anchor`.
    fn clause_subject(&self, anchor: usize) -> Option<(Actor, &'static str)> {
        let mut found = None;
        let mut j = anchor;
        while j > 0 {
            j -= 1;
            if let Some(m) = self.covering[j] {
                if self.free_mention(m) && !self.place_modifier(m) {
                    found = Some(m);
                }
                j = self.mention(m).tok_start;
                continue;
            }
            if self.w.is(&self.tokens()[j], &self.w.subject_stops) {
                break;
            }
        }
        found.map(|m| (self.mention(m).members[0].clone(), "clause subject"))
    }

    /// The pronoun standing as subject of `anchor`, if any.
    fn pronoun_subject(&self, anchor: usize) -> Option<usize> {
        let t = self.tokens();
        let mut j = anchor;
        while j > 0 {
            j -= 1;
            if self.covering[j].is_some() || self.w.is(&t[j], &self.w.subject_stops) {
                return None;
            }
            if self.w.is(&t[j], &self.w.person_pronouns)
                || self.w.is(&t[j], &self.w.group_pronouns)
                || self.w.is(&t[j], &self.w.speaker_pronouns)
            {
                return (j == 0 || !self.is_prep(j - 1)).then_some(j);
            }
        }
        None
    }

    /// Whether the act at `anchor` is done by "the two sides" or "both
    /// countries": a pair noun with its quantifier ends the words before
    /// the act, with no actor or clause break between.
    fn pair_subject(&self, anchor: usize) -> bool {
        let t = self.tokens();
        let w = self.w;
        (anchor.saturating_sub(6)..anchor)
            .rev()
            .take_while(|&j| self.covering[j].is_none() && !w.is(&t[j], &w.subject_stops) && t[j].norm != w.comma)
            .any(|j| self.pair_noun(j))
    }

    /// Whether token `j` ends "the two sides", "both leaders".
    fn pair_noun(&self, j: usize) -> bool {
        let t = self.tokens();
        j > 0 && self.w.is(&t[j], &self.w.pair_nouns) && self.w.is(&t[j - 1], &self.w.pair_quantifiers)
    }

    /// Whether the act is aimed at the document's two parties together:
    /// "urged the two delegations", "received both ministers", or, from a
    /// third party, "welcomed the agreement" (what the parties made
    /// together). The words after the act's first word must say so within
    /// the clause, before any actor with a country.
    fn pair_object(&self, from: usize) -> bool {
        let t = self.tokens();
        let w = self.w;
        let joint = |j: usize| j > 0 && w.is(&t[j], &w.joint_nouns) && w.is(&t[j - 1], &w.definite);
        (from..t.len().min(from + 5))
            .take_while(|&j| self.covering[j].is_none_or(|m| self.weak(m)) && !w.is(&t[j], &w.subject_stops) && t[j].norm != w.comma)
            .any(|j| self.pair_noun(j) || joint(j))
    }

    /// The actor a pronoun stands for, with the pronoun as its evidence:
    /// the antecedent may sit in another sentence.
    fn resolve_pronoun(&self, p: usize, speech: &Speech, memory: &Memory) -> Option<Actor> {
        let tok = &self.tokens()[p];
        let antecedent = self.antecedent(p, speech, memory)?;
        Some(Actor { start: tok.start as usize, end: tok.end as usize, ..antecedent })
    }

    fn antecedent(&self, p: usize, speech: &Speech, memory: &Memory) -> Option<Actor> {
        let tok = &self.tokens()[p];
        // The nearest earlier actor of the right kind, preferring one with a
        // name or country over a bare role noun ("the umbrella union").
        let before = |person: bool| {
            let earlier = || self.input.mentions.iter().rev().filter(|m| m.tok_end <= p).flat_map(|m| m.members.iter());
            earlier()
                .find(|a| a.is_person == person && (a.entry.is_some() || a.country.is_some()))
                .or_else(|| earlier().find(|a| a.is_person == person))
                .cloned()
        };
        if self.w.is(tok, &self.w.speaker_pronouns) {
            return speech.speaker.map(|m| self.mention(m).members[0].clone());
        }
        if self.w.is(tok, &self.w.person_pronouns) {
            return before(true)
                .or_else(|| speech.speaker.map(|m| self.mention(m).members[0].clone()))
                .or_else(|| memory.last_person.clone());
        }
        before(false).or_else(|| memory.last_actor.clone())
    }

    /// The first mention from `from` on, before `limit` or a clause stop.
    /// The first mention from `from` on, before `limit` or a clause stop,
    /// that is not one of `skip` and does not name `exclude`; a mention of
    /// role nouns only is taken when no other is there.
    fn target_after(&self, from: usize, limit: usize, exclude: &[&str], skip: &[usize]) -> Option<usize> {
        let t = self.tokens();
        let limit = limit.min(t.len()).min(from + 16);
        let mut j = from;
        let mut weak = None;
        while j < limit {
            if let Some(m) = self.covering[j] {
                let first = &self.mention(m).members[0];
                if !exclude.contains(&&*first.code) && !skip.contains(&m) && self.mention(m).tok_start >= from.saturating_sub(1) {
                    if !self.weak(m) {
                        return Some(m);
                    }
                    weak = weak.or(Some(m));
                }
                j = self.mention(m).tok_end.max(j + 1);
                continue;
            }
            if self.w.is(&t[j], &self.w.target_stops) || self.w.is(&t[j], &self.w.quote_marks) {
                break;
            }
            j += 1;
        }
        weak
    }

    fn is_passive(&self, m: &Match) -> bool {
        let t = self.tokens();
        let anchor = &t[m.start];
        let raw = anchor.text(self.input.text).to_ascii_lowercase();
        let participle = anchor.norm != anchor.lemma && !raw.ends_with("ing") && !raw.ends_with('s');
        if !participle {
            return false;
        }
        // A reduced passive ("a camp attacked by militiamen"): one word
        // followed by "by", not after an auxiliary or its own subject.
        if m.end == m.start + 1 && t.get(m.end).is_some_and(|b| b.norm == self.w.by) {
            let before = m.start.checked_sub(1).map(|i| &t[i]);
            let active = before.is_some_and(|b| self.covering[m.start - 1].is_some() || self.w.is(b, &self.w.perfect));
            return !active;
        }
        for back in 1..=3 {
            let Some(i) = m.start.checked_sub(back) else {
                break;
            };
            let tok = &t[i];
            if tok.lemma == self.w.be || tok.lemma == self.w.get {
                return true;
            }
            if !self.w.is(tok, &self.w.adverbs) && !self.w.is(tok, &self.w.negators) {
                break;
            }
        }
        false
    }

    /// "by X" within a few words after the act.
    fn by_agent(&self, end: usize, window: usize) -> Option<usize> {
        let t = self.tokens();
        (end..(end + window).min(t.len()))
            .find(|&i| t[i].norm == self.w.by)
            .and_then(|i| self.covering.get(i + 1).copied().flatten().or_else(|| self.covering.get(i + 2).copied().flatten()))
    }

    fn is_nominal(&self, anchor: usize) -> bool {
        let t = self.tokens();
        let Some(prev) = anchor.checked_sub(1) else {
            return false;
        };
        if self.w.is(&t[prev], &self.w.determiners) {
            return true;
        }
        // "the Russian attack": an adjective actor right before the act,
        // itself after a determiner.
        if let Some(m) = self.covering[prev] {
            let start = self.mention(m).tok_start;
            return start > 0 && self.w.is(&t[start - 1], &self.w.determiners)
                || self.mention(m).members[0].entry.is_some() && self.w.is(&t[start], &self.w.determiners);
        }
        false
    }

    /// Whether the act is a noun under a preposition with no actor of its
    /// own ("protested after the raid", "ties soured over the sanctions"):
    /// the circumstance of another act, not an event. A phrase naming its
    /// parties stays one ("talks between Kinshasa and the rebels").
    fn circumstantial(&self, m: &Match) -> bool {
        let Some(tree) = self.tree() else { return false };
        let own_parties = m.source.is_some()
            || m.target.is_some()
            || self.nominal_source(m).is_some()
            || self.tokens().get(m.end).is_some_and(|x| x.norm == self.w.between);
        let setting = |h: usize| tree.preposition_of(h).is_some_and(|p| self.w.is(&self.tokens()[p], &self.w.circumstance_prepositions));
        !own_parties && tree.head_of(m.start, m.end).is_some_and(setting)
    }

    /// The nominal's own source: an actor adjective or possessive right
    /// before it ("Russian strikes", "Russia's attack") or "by X" after.
    fn nominal_source(&self, m: &Match) -> Option<(usize, &'static str)> {
        let t = self.tokens();
        let prev = m.start.checked_sub(1)?;
        if let Some(mi) = self.covering[prev] {
            return Some((mi, "adjective"));
        }
        if t[prev].norm == self.w.possessive {
            if let Some(mi) = prev.checked_sub(1).and_then(|p| self.covering[p]) {
                return Some((mi, "possessive"));
            }
        }
        // "The withdrawal of Russian troops", "the deployment of African
        // Union peacekeepers".
        if self.w.is(&t[m.start], &self.w.agentive_nouns) && t.get(m.start + 1).is_some_and(|x| x.norm == self.w.of) {
            if let Some(mi) = self.covering.get(m.start + 2).copied().flatten() {
                return Some((mi, "of-agent"));
            }
        }
        // "New sanctions against Iran were announced by the United States."
        self.by_agent(m.end, 8).map(|mi| (mi, "by-phrase"))
    }

    fn modality(&self, anchor: usize, end: usize, code: &str) -> (Modality, Option<(usize, usize)>) {
        let t = self.tokens();
        let w = self.w;
        let mut found: Option<(Modality, usize)> = None;
        let note = |m: Modality, at: usize, found: &mut Option<(Modality, usize)>| {
            if found.is_none_or(|(prev, _)| rank(m) > rank(prev)) {
                *found = Some((m, at));
            }
        };
        let floor = anchor.saturating_sub(7);
        let mut j = anchor;
        while j > floor {
            j -= 1;
            let tok = &t[j];
            if self.covering[j].is_some() || w.is(tok, &w.subject_stops) || tok.norm == w.comma {
                break;
            }
            if w.is(tok, &w.negators) || tok.lemma == w.fail || tok.lemma == w.refuse {
                note(Modality::Negated, j, &mut found);
            } else if w.is(tok, &w.hypothetical)
                || tok.lemma == w.threaten
                || tok.lemma == w.need && t.get(j + 1).is_some_and(|n| n.norm == w.to)
            {
                note(Modality::Hypothetical, j, &mut found);
            } else if w.is(tok, &w.future)
                || (w.is_verb(tok, &w.future_verbs) || w.is(tok, &w.future_adjectives)) && t.get(j + 1).is_some_and(|n| n.norm == w.to)
            {
                note(Modality::Future, j, &mut found);
            }
        }
        // Inside an if/unless clause: the condition word before the act with
        // no comma between them.
        let mut k = anchor;
        while k > 0 {
            k -= 1;
            let tok = &t[k];
            if tok.norm == w.comma {
                break;
            }
            if w.is(tok, &w.conditionals) {
                note(Modality::Conditional, k, &mut found);
                break;
            }
        }
        // A main clause with a condition after it ("will withdraw unless
        // ..."); appeals, demands and threats are acts in themselves.
        if !matches!(&code[..2], "02" | "03" | "10" | "13") {
            let restricts = |k: usize| self.tree().is_none_or(|tree| tree.conditions(k, anchor));
            if let Some(k) = (end..t.len()).find(|&k| w.is(&t[k], &w.conditionals) && restricts(k)) {
                note(Modality::Conditional, k, &mut found);
            }
        }
        match found {
            Some((m, at)) => (m, Some((at, at + 1))),
            None => (Modality::Asserted, None),
        }
    }

    fn speech(&self) -> Speech {
        let t = self.tokens();
        let w = self.w;
        let mut quotes = Vec::new();
        let mut open: Option<usize> = None;
        for (i, tok) in t.iter().enumerate() {
            if w.is(tok, &w.quote_marks) {
                let raw = tok.text(self.input.text);
                let closing = raw == "\u{201d}" || raw == "\u{00bb}" || (raw == "\"" && open.is_some());
                match open {
                    Some(o) if closing => {
                        quotes.push((o + 1, i));
                        open = None;
                    }
                    _ => open = Some(i),
                }
            }
        }
        let n = t.len();
        for (i, tok) in t.iter().enumerate() {
            if tok.norm == w.according && t.get(i + 1).is_some_and(|x| x.norm == w.to) {
                if let Some(m) = self.covering.get(i + 2).copied().flatten().or_else(|| self.covering.get(i + 3).copied().flatten()) {
                    return Speech { speaker: Some(m), reported: Some((0, n)), quotes };
                }
            }
            // "... was confirmed", "is reported": a passive reports no
            // speaker.
            let passive = i > 0 && t[i - 1].lemma == w.be;
            if !w.is_verb(tok, &w.reporting) || self.covering[i].is_some() || passive {
                continue;
            }
            // "X said (that) ...", "..., X said", "..., said X"; "X thanked
            // Y, saying ...": X says it, not Y.
            let before = self.adjunct_speaker(i).or_else(|| self.subject_mention(i));
            let after = self.covering.get(i + 1).copied().flatten().filter(|_| i > 0 && t[i - 1].norm == w.comma);
            let Some(speaker) = before.or(after) else {
                continue;
            };
            let speaker_start = self.mention(speaker).tok_start;
            let trailing = after.is_some()
                || (speaker_start > 0 && (t[speaker_start - 1].norm == w.comma || w.is(&t[speaker_start - 1], &w.quote_marks)));
            let reported = if trailing { (0, speaker_start.min(i)) } else { (i + 1, n) };
            return Speech { speaker: Some(speaker), reported: Some(reported), quotes };
        }
        Speech { speaker: None, reported: None, quotes }
    }

    /// The speaker of a reporting verb that heads an adjunct clause with no
    /// subject of its own: the subject of the clause it modifies.
    fn adjunct_speaker(&self, verb: usize) -> Option<usize> {
        let tree = self.tree()?;
        let (subject, rule) = tree.subject_of(verb)?;
        (rule == ADJUNCT_SUBJECT && self.is_participle(verb)).then(|| self.phrase_actor(tree, subject)).flatten()
    }

    fn subject_mention(&self, anchor: usize) -> Option<usize> {
        let mut j = anchor;
        while j > 0 {
            j -= 1;
            if let Some(m) = self.covering[j] {
                return self.free_mention(m).then_some(m);
            }
            if self.w.is(&self.tokens()[j], &self.w.subject_stops)
                || self.tokens()[j].norm == self.w.comma && j + 1 < anchor.saturating_sub(3)
            {
                return None;
            }
        }
        None
    }
}

/// Whether an actor is a state or its government or armed forces: their
/// bombing is from the air (195); the codebook keeps 183 for bombing by
/// others ("Israel bombed the sites" against "a car bomb exploded").
fn is_state_force(actor: &Actor) -> bool {
    actor.country.is_some() && matches!(actor.sector.as_deref(), None | Some("GOV" | "MIL"))
}

/// Gives an actor with no country of its own ("protesters") the country of
/// the place where it acts.
fn from_place(actor: &mut Actor, country: &Arc<str>) {
    actor.code = format!("{country}{}", actor.code).into();
    actor.country = Some(country.clone());
}

/// How "the two sides" was read, for `--explain`.
const PAIR: &str = "the two sides (the document's parties)";

/// Intent, consultation and cooperation (03–08): acts parties do together
/// or for each other.
fn is_cooperative(code: &str) -> bool {
    matches!(&code[..2], "03" | "04" | "05" | "06" | "07" | "08")
}

fn rank(m: Modality) -> u8 {
    match m {
        Modality::Asserted => 0,
        Modality::Future => 1,
        Modality::Hypothetical => 2,
        Modality::Conditional => 3,
        Modality::Negated => 4,
    }
}

/// An actor the text implies but does not name: a country's sector, with
/// an empty span at the act.
fn implied_actor(country: &str, sector: &str, what: &str, at: &Token) -> Actor {
    Actor {
        code: format!("{country}{sector}").into(),
        name: format!("{what} ({country})").into(),
        country: Some(country.into()),
        sector: Some(sector.into()),
        entry: None,
        role: None,
        agent: None,
        is_person: false,
        is_place: false,
        start: at.start as usize,
        end: at.start as usize,
    }
}

/// How an unnamed perpetrator was coded, for `--explain`.
const UNIDENTIFIED: &str = "unidentified, at the place named";

/// Codes the events of one sentence.
pub fn analyze(stage: &EventStage, input: &SentenceIn, memory: &mut Memory, out: &mut Vec<Draft>) {
    let t = input.tokens;
    let n = t.len();
    let w = &stage.words;
    let mut covering = vec![None; n];
    let mut mention_start = vec![None; n];
    let mut in_mention = vec![false; n];
    for (mi, m) in input.mentions.iter().enumerate() {
        let named = m.members.iter().any(|a| a.entry.is_some() || a.country.is_some());
        for i in m.tok_start..m.tok_end.min(n) {
            covering[i] = Some(mi);
            in_mention[i] = named;
        }
        mention_start[m.tok_start] = Some((mi, m.tok_end));
    }
    let quote: Vec<bool> = t.iter().map(|tok| w.is(tok, &w.quote_marks)).collect();
    let hard_break: Vec<bool> = t.iter().zip(&quote).map(|(tok, &q)| q || w.is(tok, &w.hard_breaks)).collect();
    let conjunction: Vec<bool> = t.iter().map(|tok| w.is(tok, &w.conjunctions)).collect();
    let clause_opener: Vec<bool> = t.iter().map(|tok| w.is(tok, &w.subject_stops) || tok.norm == w.to || tok.norm == w.comma).collect();
    let frame = Frame {
        tokens: t,
        mention_start: &mention_start,
        in_mention: &in_mention,
        hard_break: &hard_break,
        quote: &quote,
        conjunction: &conjunction,
        clause_opener: &clause_opener,
    };
    let mut all = Vec::new();
    find_all(&stage.patterns, &frame, &mut all);
    let matches = select(&stage.patterns, &frame, all);
    if matches.is_empty() {
        remember(input, memory);
        return;
    }
    let s = Sentence { w, input, covering, parsed: OnceCell::new() };
    let speech = s.speech();

    // Never a target, whatever the act: read once for the sentence.
    let never_targets: Vec<usize> = (0..input.mentions.len()).filter(|&mi| s.agent_modifier(mi) || s.capital_as_place(mi)).collect();
    let code_of = |m: &Match| stage.patterns.patterns[m.pattern as usize].code.as_ref();
    let mut consumed = vec![false; matches.len()];
    let mut drafts: Vec<Draft> = Vec::new();
    let mut previous_source: Option<Actor> = None;
    for (idx, m) in matches.iter().enumerate() {
        if consumed[idx] || s.circumstantial(m) {
            continue;
        }
        let mut code = code_of(m).to_string();
        let mut act_end = m.end;
        let mut governed: Option<&Match> = None;
        // A governing verb takes the next act in its clause. Agreement (019)
        // governs too when it is agreement *to* or *on* an act ("agreed upon
        // a free-trade pact", "reached a consensus to exchange
        // information"), not agreement that something is so.
        let agreement_on_act = code == "019"
            && matches.get(idx + 1).is_some_and(|c| {
                let between = &t[m.end.min(c.start)..c.start];
                c.start <= m.end + 6 && between.iter().any(|x| w.is(x, &w.agreement_links)) && !between.iter().any(|x| x.norm == w.that)
            });
        let governor = Governor::of_code(&code).or(agreement_on_act.then_some(Governor::Intent));
        if let Some(kind) = governor {
            // The governed act is the next act; another governing verb in
            // between ("rejected the plan and called for talks") ends the
            // first one's reach.
            let next = matches.iter().enumerate().nth(idx + 1).filter(|(_, c)| Governor::of_code(code_of(c)).is_none());
            if let Some((cidx, c)) = next {
                let between = &t[m.end..c.start];
                let same_clause = c.start <= m.end + 12
                    && !between
                        .iter()
                        .any(|x| w.is(x, &w.target_stops) || w.is(x, &w.conjunctions) || w.is(x, &[w.comma]) && between.len() > 6);
                if same_clause {
                    consumed[cidx] = true;
                    // A vow or plan to use force is a threat ("swore to
                    // fight on", "vowed to retaliate").
                    let derived = stage
                        .derived
                        .derive(code_of(c), kind)
                        .or_else(|| (kind == Governor::Intent).then(|| stage.derived.derive(code_of(c), Governor::Threaten)).flatten());
                    if let Some(d) = derived {
                        code = d.to_string();
                        act_end = c.end;
                        governed = Some(c);
                    }
                }
            }
        }
        // "accepted demands from Hutu rebels that it initiate reforms": a
        // demand that is met is answered by a yielding act (08x), not made.
        // The one who grants is the subject of the granting verb, and the
        // one whose demand it was ("the teachers' demands") the target.
        let granted_at = if code.starts_with("10") && governed.is_none() { s.granted_before(m.start) } else { None };
        if granted_at.is_some() {
            code = stage.derived.granted(&code).to_string();
        }
        let passive = granted_at.is_none() && s.is_passive(m);
        let nominal = granted_at.is_none() && !passive && s.is_nominal(m.start);
        let mut source_rule = None;
        let mut source: Option<Actor> = None;
        let mut pair: Vec<Actor> = Vec::new();
        let mut source_mention: Option<usize> = None;
        let mut target_mention: Option<usize> = m.target.or_else(|| granted_at.and(s.nominal_source(m)).map(|(mi, _)| mi));
        let mut target_rule = target_mention.map(|_| "pattern slot");
        if let Some(sm) = m.source {
            source_mention = Some(sm);
            source_rule = Some("pattern slot");
            // "Kyiv received air defence systems from Berlin": with the
            // source in the pattern, the subject is the one acted upon.
            if target_mention.is_none() {
                target_mention = s.subject_mention(m.start).filter(|&sub| sub != sm);
            }
        } else if passive {
            // "X has been accused of misusing funds ... by officials": the
            // by-phrase may come a clause later.
            if let Some(by) = s.by_agent(m.end, 12) {
                source_mention = Some(by);
                source_rule = Some("passive by-phrase");
            }
        } else if nominal {
            if let Some((nm, rule)) = s.nominal_source(m) {
                source_mention = Some(nm);
                source_rule = Some(rule);
            } else if drafts.iter().any(|d| d.act_start < m.start && d.code != "010") && !matches!(&code[..2], "01") {
                // The nominal is what an earlier act was about ("condemned
                // the strike on Kyiv"); it has no source of its own.
                continue;
            }
        }
        if let Some(sm) = source_mention {
            source = Some(s.mention(sm).members[0].clone());
        }
        // A nominal act with no source of its own ("warned Russia of new
        // sanctions") belongs to the clause's subject, the leftmost actor;
        // a verb's subject is the nearest one.
        let subject = if source.is_none() || passive {
            if nominal {
                s.clause_subject(m.start)
            } else if passive || granted_at.is_some() {
                s.subject(granted_at.unwrap_or(m.start), previous_source.as_ref())
            } else {
                s.tree_subject(m).or_else(|| s.subject(m.start, previous_source.as_ref()))
            }
        } else {
            None
        };
        if passive {
            if target_mention.is_none() {
                target_mention = match &subject {
                    Some((subj, _)) => input.mentions.iter().position(|mm| mm.members.iter().any(|a| a == subj)),
                    // "A camp for Congolese refugees was attacked": the one
                    // acted upon may sit in a phrase of the subject.
                    None => (0..m.start).rev().filter_map(|i| s.covering[i]).find(|&mi| Some(mi) != source_mention),
                };
            }
        } else if source.is_none() {
            if let Some((a, rule)) = subject {
                source = Some(a);
                source_rule = Some(rule);
            } else if let Some(parties) = memory.dyad.parties().filter(|_| s.pair_subject(m.start)) {
                pair = parties.map(|a| Actor { start: t[m.start].start as usize, end: t[m.start].start as usize, ..a.clone() }).to_vec();
                source = Some(pair[0].clone());
                source_rule = Some(PAIR);
            } else if let Some(p) = s.pronoun_subject(m.start) {
                source = s.resolve_pronoun(p, &speech, memory);
                source_rule = source.as_ref().map(|_| "pronoun");
            }
        }
        // "New sanctions against Iran were announced by the United States":
        // an act in subject position takes the agent of the passive verb.
        if source.is_none() && !passive {
            let passive_by = (m.end..n.min(m.end + 8)).any(|i| t[i].lemma == w.be) && s.by_agent(m.end, 8).is_some();
            if passive_by {
                source = s.by_agent(m.end, 8).map(|b| s.mention(b).members[0].clone());
                source_rule = Some("passive by-phrase");
            }
        }
        let in_report = speech.reported.is_some_and(|(a, b)| m.start >= a && m.start < b);
        // The speaker is the actor of what it reports it does ("the Kremlin
        // said talks are on hold"), not of the protests and violence it
        // reports.
        let reported_only = matches!(&code[..2], "14" | "17" | "18" | "19" | "20");
        if source.is_none() {
            if let Some(sp) = speech.speaker.filter(|_| !reported_only && (in_report || code.starts_with("01"))) {
                source = Some(s.mention(sp).members[0].clone());
                source_rule = Some("speaker");
            }
        }
        // "A missionary was arrested in Lebanon": coercion in the passive
        // with no agent is the work of that place's authorities.
        if source.is_none() && passive && code.starts_with("17") {
            if let Some(country) = s.place_country() {
                source = Some(implied_actor(&country, "COP", "authorities", &t[m.start]));
                source_rule = Some("authorities of the place named");
            } else if let Some(country) = target_mention.and_then(|tm| s.mention(tm).members[0].country.clone()) {
                // "The mayor was detained": with no place named, by the
                // authorities of the one detained.
                source = Some(implied_actor(&country, "COP", "authorities", &t[m.start]));
                source_rule = Some("authorities of the one coerced");
            }
        }
        // "Thousands protested in Lyon": protest with no named protesters
        // is by the people of the place where it happens.
        if source.is_none() && code.starts_with("14") {
            if let Some(country) = s.place_country() {
                source = Some(implied_actor(&country, "CVL", "protesters", &t[m.start]));
                source_rule = Some("people of the place named");
            }
        }
        // "A roadside bombing near Samarra killed ...": violence with no
        // named perpetrator is coded to unidentified armed forces of the
        // place where it happened.
        if source.is_none() && matches!(&code[..2], "18" | "19" | "20") {
            if let Some(country) = s.place_country() {
                source = Some(implied_actor(&country, "UAF", "unidentified armed forces", &t[m.start]));
                source_rule = Some(UNIDENTIFIED);
            }
        }
        if code.starts_with("01") {
            if let Some(sp) = speech.speaker {
                if source_rule != Some("subject") {
                    source = Some(s.mention(sp).members[0].clone());
                    source_rule = Some("speaker");
                }
            }
        }
        let source_code = source.as_ref().map(|a| a.code.clone()).unwrap_or_default();
        // The speaker and the words of the act itself ("military aid",
        // "peacekeeping troops") are not the target.
        let mut skip: Vec<usize> = speech.speaker.into_iter().collect();
        skip.extend_from_slice(&never_targets);
        skip.extend((m.start..act_end).filter_map(|i| s.covering[i]).filter(|&mi| s.weak(mi)));
        skip.extend(s.subjects_of_coordinated_clauses(m.start, m.end));
        // "agreed to swap prisoners as the Istanbul talks ended": a city
        // where parties cooperate is where they do it, not a party.
        if is_cooperative(&code) {
            skip.extend((0..input.mentions.len()).filter(|&mi| s.names_a_place(mi)));
        }
        // The place that gave unidentified attackers their country is where
        // the act happened, not whom it hit.
        if source_rule == Some(UNIDENTIFIED) {
            skip.extend((0..input.mentions.len()).filter(|&mi| s.located(mi)));
        }
        // "Thousands of people blocked streets in Hong Kong": protesters with
        // no country of their own are from where they protest, and that
        // place is not what they protest against.
        if code.starts_with("14") {
            if let (Some(actor), Some(country)) = (source.as_mut().filter(|a| a.country.is_none()), s.place_country()) {
                from_place(actor, &country);
                skip.extend((0..input.mentions.len()).filter(|&mi| s.located(mi)));
            }
        }
        if target_mention.is_none() {
            // "rejected an Indian proposal to ...": the target may sit inside
            // the governing pattern itself, so search from its first word.
            let from = m.start + 1;
            // A coordinated act that follows ("rejected the plan and called
            // for talks with X") has its own target.
            let next_coordinated = matches
                .get(idx + 1)
                .filter(|next| (act_end..next.start).any(|i| w.is(&t[i], &w.conjunctions)))
                .map_or(n, |next| next.start);
            let limit = match governed {
                Some(c) => s.target_after(from, c.start, &[&source_code], &skip).map(|_| c.start).unwrap_or(next_coordinated),
                None => next_coordinated,
            };
            target_mention = s.target_after(from, limit, &[&source_code], &skip);
            if target_mention.is_none() {
                if let Some(c) = governed {
                    target_mention = c.target.or_else(|| s.target_after(c.start + 1, n, &[&source_code], &skip));
                }
            }
            if passive {
                // The by-agent is the source, not the target.
                if target_mention == source_mention {
                    target_mention = None;
                }
            }
        }
        // Where the words around the act name no target, the parse may
        // reach one further away ("imposed on Tehran, for the third time
        // this year, new sanctions").
        if target_mention.is_none() {
            target_mention = s
                .tree_target(m.start, m.end, &source_code, &skip)
                .or_else(|| governed.and_then(|c| s.tree_target(c.start, c.end, &source_code, &skip)));
            if target_mention.is_some() {
                target_rule = Some("argument in the parse");
            }
        }
        // "warned Russia of new sanctions": a nominal act whose source is
        // the clause subject is aimed at the object between them.
        if target_mention.is_none() && nominal && source_rule == Some("clause subject") {
            target_mention = (0..m.start)
                .rev()
                .filter_map(|i| s.covering[i])
                .find(|&mi| s.free_mention(mi) && s.mention(mi).members[0].code != source_code);
        }
        let (mut modality, cue) = s.modality(m.start, act_end, &code);
        // Reported speech shifts tenses: "Russia said it would send troops"
        // reports "we will send troops".
        if modality == Modality::Hypothetical && in_report && cue.is_some_and(|(c, _)| w.is(&t[c], &w.backshifted_future)) {
            modality = Modality::Future;
        }
        // Future intent and "will not" re-code the act where the codebook
        // has an intent or rejection code.
        if governed.is_none() {
            let derived = match modality {
                // "will visit" is an intent; "will tighten the blockade" and
                // "will withdraw unless ..." announce a hostile act: a
                // threat (the codebook's 13x).
                Modality::Future => {
                    stage.derived.derive(&code, Governor::Intent).or_else(|| stage.derived.derive(&code, Governor::Threaten))
                }
                // "would meet the mediator if ...": a conditional intent.
                Modality::Conditional => stage.derived.derive(&code, Governor::Threaten).or_else(|| {
                    let announced = (m.start.saturating_sub(4)..m.start)
                        .any(|i| w.is(&t[i], &w.future) || in_report && w.is(&t[i], &w.backshifted_future));
                    announced.then(|| stage.derived.derive(&code, Governor::Intent)).flatten()
                }),
                // "refused to release", "will not release" (reported: "would
                // not release"): rejections.
                Modality::Negated
                    if cue.is_some_and(|(c, _)| {
                        t[c].lemma == w.refuse
                            || c > 0 && (w.is(&t[c - 1], &w.future) || in_report && w.is(&t[c - 1], &w.backshifted_future))
                    }) =>
                {
                    stage.derived.derive(&code, Governor::Reject)
                }
                _ => None,
            };
            if let Some(d) = derived {
                code = d.to_string();
                modality = Modality::Asserted;
            }
        }
        if target_mention.is_some() && target_rule.is_none() {
            target_rule = Some("next actor in the clause");
        }
        let mut target_members: Vec<Actor> = target_mention.map(|tm| s.mention(tm).members.clone()).unwrap_or_default();
        // "Turkey's foreign minister urged the two delegations to ...": the
        // pair is the document's two parties, each a target.
        if target_members.is_empty() && source_rule != Some(PAIR) && !code.starts_with("01") && s.pair_object(m.start + 1) {
            if let Some(parties) = memory.dyad.parties() {
                let at = t[act_end.min(n - 1)].start as usize;
                let source_country = source.as_ref().and_then(|s| s.country.as_ref());
                target_members = parties
                    .into_iter()
                    .filter(|a| a.country.as_ref() != source_country)
                    .map(|a| Actor { start: at, end: at, ..a.clone() })
                    .collect();
                target_rule = Some(PAIR);
            }
        }
        // Dissent with no named target is dissent against one's own
        // government (the codebook's convention for 14x).
        if target_members.is_empty() && code.starts_with("14") {
            if let Some(country) = source.as_ref().filter(|a| a.sector.as_deref() != Some("GOV")).and_then(|a| a.country.clone()) {
                target_members.push(implied_actor(&country, "GOV", "government", &t[m.start]));
                target_rule = Some("own government (dissent)");
            }
        }
        // "..., which Kyiv refuses": an act in a relative clause with no
        // target of its own answers the act the clause hangs on.
        if target_members.is_empty() && (m.start.saturating_sub(4)..m.start).any(|i| t[i].norm == w.which) {
            if let Some(previous) = drafts.last().and_then(|d| d.source.clone()).filter(|p| p.code != source_code) {
                target_members.push(previous);
                target_rule = Some("actor of the clause the relative clause hangs on");
            }
        }
        // "police dispersed demonstrators in Monrovia": people with no
        // country of their own are from where the act happens.
        if let Some(country) = s.place_country() {
            for a in target_members.iter_mut().filter(|a| a.country.is_none() && a.entry.is_none() && !a.is_person && a.end > a.start) {
                from_place(a, &country);
            }
        }
        let mut source_members: Vec<Actor> = match (source_mention, &source) {
            (Some(sm), _) => s.mention(sm).members.clone(),
            (None, Some(_)) if source_rule == Some(PAIR) => pair,
            (None, Some(a)) => input
                .mentions
                .iter()
                .find(|mm| mm.members.first() == Some(a))
                .map(|mm| mm.members.clone())
                .unwrap_or_else(|| vec![a.clone()]),
            (None, None) => Vec::new(),
        };
        // "Fighting between the army and the RSF": an act with no actor of
        // its own is between the parties named right after "between", each
        // acting on the other. A subject keeps its role ("Egypt hosted
        // talks between Israel and Hamas").
        if source.is_none() || source_rule == Some(UNIDENTIFIED) {
            let near = |tm: usize| s.mention(tm).tok_start <= act_end + 4;
            if let Some(parties) = target_mention.filter(|&tm| near(tm) && s.after_between(tm)).map(|tm| &s.mention(tm).members) {
                if parties.len() >= 2 {
                    source_members = parties.clone();
                    source = Some(parties[0].clone());
                    source_rule = Some("between");
                    target_members.clear();
                }
            }
        }
        // "Russia and Ukraine held talks in Istanbul", "French and Egyptian
        // warships began exercises in the Mediterranean", "Congo and Rwanda
        // signed a US-brokered deal": when the parties are named together,
        // a place is where they cooperate and a modifier describes the
        // act; neither is a third party, and they act on each other.
        if is_cooperative(&code) && source_members.len() >= 2 && target_mention.is_some_and(|tm| s.located(tm) || s.describes_noun(tm)) {
            target_members.clear();
        }
        // "France said Iraq must cooperate": what a speaker says another
        // actor must do is the speaker's demand on that actor.
        let obliged = modality == Modality::Hypothetical && cue.is_some_and(|(c, _)| w.is(&t[c], &w.obligation) || t[c].lemma == w.need);
        let own_subject = matches!(
            source_rule,
            Some("subject" | "pronoun" | "nsubj" | "nsubj of the first conjunct" | "nsubj of the controlling verb" | ADJUNCT_SUBJECT)
        );
        if obliged && in_report && own_subject && governed.is_none() {
            if let Some(sp) = speech.speaker {
                let speaker = &s.mention(sp).members;
                if speaker[0].code != source_code {
                    let (governor, residual) = obligation_kind(w, &t[cue.map_or(m.start, |(c, _)| c)]);
                    code = stage.derived.derive(&code, governor).unwrap_or(residual).to_string();
                    target_members = std::mem::replace(&mut source_members, speaker.clone());
                    source = Some(speaker[0].clone());
                    source_rule = Some("speaker (demand)");
                    modality = Modality::Asserted;
                }
            }
        }
        if code == "183" && source.as_ref().is_some_and(is_state_force) {
            code = "195".to_string();
        }
        let quoted =
            speech.quotes.iter().find(|(a, b)| m.start >= *a && m.start < *b).copied().or(if in_report { speech.reported } else { None });
        let speaker = speech.speaker.map(|sp| s.mention(sp).members[0].clone());
        previous_source = source.clone();
        let base = Draft {
            code: code.clone(),
            act_start: m.start,
            act_end,
            source: None,
            source_rule,
            target: None,
            target_rule,
            modality,
            cue,
            speaker: speaker.clone(),
            quoted,
            pattern: Some(governed.map_or(m.pattern, |c| c.pattern)),
            governor: governed.map(|_| m.pattern),
        };
        expand(&base, &source_members, &target_members, &mut drafts);
    }
    obligations(&s, &speech, memory, &mut drafts);
    // A bare statement (010) is coded only when nothing more specific is,
    // and only when it is addressed to someone.
    if drafts.iter().any(|d| d.code != "010") {
        drafts.retain(|d| d.code != "010");
    }
    drafts.retain(|d| d.code != "010" || s.addressed(d));
    drafts.retain(|d| d.source.is_some() || d.target.is_some());
    fill_implicit_targets(&mut drafts, &memory.dyad, |d| t[d.act_start].start as usize);
    memory.dyad.observe(&drafts);
    remember(input, memory);
    out.extend(drafts);
}

/// "must" is a demand; "should" and "needs to" are appeals.
fn obligation_kind(w: &Words, cue: &Token) -> (Governor, &'static str) {
    if cue.norm.is_known() && cue.norm == w.must {
        (Governor::Demand, "100")
    } else {
        (Governor::Appeal, "020")
    }
}

/// "Russia said Sudan must return the helicopter": what a speaker says
/// another actor must (or should) do is the speaker's demand (or appeal)
/// on it, even when the demanded act is not in the dictionaries.
fn obligations(s: &Sentence, speech: &Speech, memory: &Memory, drafts: &mut Vec<Draft>) {
    let (Some(sp), Some((from, to))) = (speech.speaker, speech.reported) else { return };
    let t = s.tokens();
    let speaker = s.mention(sp).members[0].clone();
    for k in from.max(1)..to.min(t.len()) {
        let need_to = t[k].lemma == s.w.need && t.get(k + 1).is_some_and(|n| n.norm == s.w.to);
        if !s.w.is(&t[k], &s.w.obligation) && !need_to {
            continue;
        }
        let (_, residual) = obligation_kind(s.w, &t[k]);
        let subject = match s.covering[k - 1] {
            Some(m) if s.free_mention(m) => Some(s.mention(m).members[0].clone()),
            Some(_) => None,
            None => s.pronoun_subject(k).filter(|&p| p + 1 == k).and_then(|p| s.resolve_pronoun(p, speech, memory)),
        };
        let Some(subject) = subject.filter(|a| a.code != speaker.code) else { continue };
        let already = drafts
            .iter()
            .any(|d| (d.code.starts_with("10") || d.code.starts_with("02")) && d.source.as_ref().is_some_and(|a| a.code == speaker.code));
        if already {
            continue;
        }
        drafts.push(Draft {
            code: residual.to_string(),
            act_start: k,
            act_end: (k + 2).min(t.len()),
            source: Some(speaker.clone()),
            source_rule: Some("speaker (demand)"),
            target: Some(subject),
            target_rule: Some("subject of the obligation"),
            modality: Modality::Asserted,
            cue: Some((k, k + 1)),
            speaker: Some(speaker.clone()),
            quoted: speech.reported,
            pattern: None,
            governor: None,
        });
    }
}

fn remember(input: &SentenceIn, memory: &mut Memory) {
    if let Some(m) = input.mentions.iter().flat_map(|m| m.members.iter()).rfind(|a| a.is_person) {
        memory.last_person = Some(m.clone());
    }
    if let Some(first) = input.mentions.first() {
        memory.last_actor = Some(first.members[0].clone());
    }
}

/// One event per source member and target member; a compound source with no
/// target acts on itself reciprocally ("Russia and Ukraine exchanged
/// prisoners" -> both directions).
fn expand(base: &Draft, sources: &[Actor], targets: &[Actor], out: &mut Vec<Draft>) {
    let push = |s: Option<&Actor>, t: Option<&Actor>, out: &mut Vec<Draft>| {
        if let (Some(a), Some(b)) = (s, t) {
            if a.code == b.code && a.name == b.name {
                return;
            }
        }
        let mut d = base.clone();
        d.source = s.cloned();
        d.target = t.cloned();
        out.push(d);
    };
    match (sources.len(), targets.len()) {
        (0, 0) => {}
        (0, _) => targets.iter().for_each(|t| push(None, Some(t), out)),
        (1, 0) => push(sources.first(), None, out),
        (_, 0) => {
            for (i, a) in sources.iter().enumerate() {
                for (j, b) in sources.iter().enumerate() {
                    if i != j {
                        push(Some(a), Some(b), out);
                    }
                }
            }
        }
        _ => {
            for a in sources {
                for b in targets {
                    push(Some(a), Some(b), out);
                }
            }
        }
    }
}
