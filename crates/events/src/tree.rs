//! The dependency tree of a sentence over dyad's tokens, as the role rules
//! read it. Built by the pipeline from the parser's words (a token split
//! into several words, "we're", is represented by its first word).
//!
//! Each rule here is one construction of English:
//! - [`TokenTree::subject_of`]: the subject of a predicate, its own
//!   (`nsubj`) or the one it shares: a conjoined verb shares its first
//!   conjunct's ("Kyiv rejected the plan and called for talks"), a
//!   controlled infinitive its governor's ("Russia continues to demand"),
//!   a relative clause takes the noun it describes ("the army, which
//!   shelled the town"), and an adjunct clause with no subject the one of
//!   the clause it modifies ("Peru thanked Chile, saying the talks helped").
//! - [`TokenTree::arguments_of`]: what an act is done to, the objects of
//!   its words before their obliques and nominal modifiers ("imposed
//!   sanctions on Iran", "talks with Kyiv"), in that order of preference.
//! - [`TokenTree::is_modifier`]: a word that only describes a noun ("the
//!   abducted children", "the ceasefire agreement").

/// The relations the rules tell apart; every other is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    Root,
    Nsubj,
    NsubjPass,
    Obj,
    OblAgent,
    Xcomp,
    Ccomp,
    Advcl,
    Conj,
    RelativeClause,
    Iobj,
    Obl,
    Nmod,
    Amod,
    Compound,
    Case,
    Other,
}

impl Rel {
    pub fn from_ud(label: &str) -> Rel {
        match label {
            "root" => Rel::Root,
            "nsubj" => Rel::Nsubj,
            "nsubj:pass" => Rel::NsubjPass,
            "obj" => Rel::Obj,
            "obl:agent" => Rel::OblAgent,
            "xcomp" => Rel::Xcomp,
            "advcl" => Rel::Advcl,
            "ccomp" => Rel::Ccomp,
            "conj" => Rel::Conj,
            "acl:relcl" => Rel::RelativeClause,
            "iobj" => Rel::Iobj,
            "obl" => Rel::Obl,
            "nmod" => Rel::Nmod,
            "amod" => Rel::Amod,
            "compound" => Rel::Compound,
            "case" => Rel::Case,
            _ => Rel::Other,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenTree {
    /// Head token of each token; `None` for the root.
    pub head: Vec<Option<usize>>,
    pub rel: Vec<Rel>,
    /// Whether the token is tagged as a verb (VERB or AUX).
    pub verb: Vec<bool>,
}

/// The rule that gives an adjunct clause with no subject of its own the
/// subject of the clause it modifies ("Peru thanked Chile, saying ...").
pub const ADJUNCT_SUBJECT: &str = "nsubj of the clause the adjunct modifies";

/// How far the rules follow shared subjects up the tree.
const MAX_HOPS: usize = 4;

impl TokenTree {
    pub fn children(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.head.iter().enumerate().filter(move |(_, h)| **h == Some(t)).map(|(c, _)| c)
    }

    fn child_with(&self, t: usize, rel: Rel) -> Option<usize> {
        self.children(t).find(|&c| self.rel[c] == rel)
    }

    /// The token heading the subject of the predicate `p`, and the rule
    /// that found it.
    pub fn subject_of(&self, p: usize) -> Option<(usize, &'static str)> {
        let mut at = p;
        let mut rule = "nsubj";
        for _ in 0..MAX_HOPS {
            if let Some(s) = self.child_with(at, Rel::Nsubj) {
                return Some((s, rule));
            }
            let head = self.head[at]?;
            rule = match self.rel[at] {
                Rel::Conj if self.child_with(at, Rel::NsubjPass).is_none() => "nsubj of the first conjunct",
                Rel::Xcomp => "nsubj of the controlling verb",
                Rel::Advcl => ADJUNCT_SUBJECT,
                Rel::RelativeClause => return Some((head, "noun of the relative clause")),
                _ => return None,
            };
            at = head;
        }
        None
    }

    /// The dependents of the words `start..end` (one act) that lie outside
    /// them and can be what the act is done to: objects first, then
    /// obliques and nominal modifiers, each group in text order.
    pub fn arguments_of(&self, start: usize, end: usize) -> Vec<usize> {
        let outside = |c: &usize| !(start..end).contains(c);
        let dependents = || (start..end.min(self.head.len())).flat_map(|w| self.children(w)).filter(outside);
        let mut found: Vec<usize> = dependents().filter(|&c| matches!(self.rel[c], Rel::Obj | Rel::Iobj)).collect();
        let mut obliques: Vec<usize> = dependents().filter(|&c| matches!(self.rel[c], Rel::Obl | Rel::Nmod)).collect();
        found.sort_unstable();
        obliques.sort_unstable();
        found.extend(obliques);
        found
    }

    /// The word of `start..end` that the others hang on: the first whose
    /// head lies outside the span.
    pub fn head_of(&self, start: usize, end: usize) -> Option<usize> {
        let span = start..end.min(self.head.len());
        span.clone().find(|&w| self.head[w].is_none_or(|h| !span.contains(&h)))
    }

    /// Whether `t` only describes the noun it hangs on: an adjective or
    /// participle (`amod`) or a noun used as a modifier (`compound`).
    pub fn is_modifier(&self, t: usize) -> bool {
        matches!(self.rel.get(t), Some(Rel::Amod | Rel::Compound))
    }

    /// The noun a relative clause describes, for a predicate in the clause
    /// or conjoined in it: "Rwanda, which denies backing the rebels".
    pub fn relative_antecedent(&self, p: usize) -> Option<usize> {
        let mut at = p;
        for _ in 0..MAX_HOPS {
            let head = self.head[at]?;
            match self.rel[at] {
                Rel::RelativeClause => return Some(head),
                Rel::Conj => at = head,
                _ => return None,
            }
        }
        None
    }

    /// Whether the phrase headed by `t` is the subject of a clause
    /// coordinated with the act `act` or with a clause above it: in
    /// "Chile condemned the raid and Peru urged calm", Peru is no target of
    /// the condemning.
    pub fn subject_of_coordinated_clause(&self, t: usize, act: usize) -> bool {
        if !matches!(self.rel.get(t), Some(Rel::Nsubj | Rel::NsubjPass)) {
            return false;
        }
        let Some(clause) = self.head[t] else { return false };
        clause != act && self.rel[clause] == Rel::Conj && self.head[clause].is_some_and(|h| self.dominates(h, act))
    }

    /// The preposition of `t` when `t` is a noun under one ("after the
    /// attack", "over the protests"): the caller judges whether that
    /// preposition makes the phrase a circumstance of another predicate.
    pub fn preposition_of(&self, t: usize) -> Option<usize> {
        if !matches!(self.rel.get(t), Some(Rel::Obl | Rel::Nmod)) || self.verb[t] {
            return None;
        }
        self.child_with(t, Rel::Case)
    }

    /// Whether the clause that the word `mark` ("if", "unless",
    /// "whether") introduces can restrict the act at `act`: not when it
    /// lies inside another clause that does not hold the act, a
    /// coordinated, complement or relative one. In "met the envoy and said
    /// he would see whether aid could follow", the "whether" clause is
    /// inside "said ...", and the meeting happened. Clauses are read
    /// loosely, so that a misattached condition still counts.
    pub fn conditions(&self, mark: usize, act: usize) -> bool {
        let Some(clause) = self.head.get(mark).copied().flatten() else { return true };
        let mut at = self.head[clause];
        for _ in 0..self.head.len() {
            let Some(v) = at else { return true };
            let separate = self.verb[v] && matches!(self.rel[v], Rel::Conj | Rel::Ccomp | Rel::RelativeClause | Rel::Advcl);
            if separate && !self.dominates(v, act) {
                return false;
            }
            at = self.head[v];
        }
        true
    }

    /// The agent of a passive predicate ("was attacked by Moscow").
    pub fn agent_of(&self, p: usize) -> Option<usize> {
        self.child_with(p, Rel::OblAgent)
    }

    /// The tokens of the subtree under `t`, `t` included, in order.
    pub fn subtree(&self, t: usize) -> Vec<usize> {
        (0..self.head.len()).filter(|&x| self.dominates(t, x)).collect()
    }

    /// Whether `a` is `b` or one of its ancestors.
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        let mut at = Some(b);
        for _ in 0..=self.head.len() {
            match at {
                Some(x) if x == a => return true,
                Some(x) => at = self.head[x],
                None => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree from (head, relation) per token; heads are token indexes,
    /// `usize::MAX` for the root.
    fn tree(arcs: &[(usize, &str)]) -> TokenTree {
        TokenTree {
            head: arcs.iter().map(|&(h, _)| (h != usize::MAX).then_some(h)).collect(),
            rel: arcs.iter().map(|&(_, r)| Rel::from_ud(r)).collect(),
            verb: vec![false; arcs.len()],
        }
    }

    const ROOT: usize = usize::MAX;

    #[test]
    fn a_verb_s_own_subject() {
        // Moscow(0) suspended(1) talks(2)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj")]);
        assert_eq!(t.subject_of(1), Some((0, "nsubj")));
    }

    #[test]
    fn conjoined_verbs_share_the_first_subject() {
        // Kyiv(0) rejected(1) concessions(2) and(3) called(4) for(5) peacekeepers(6)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj"), (4, "cc"), (1, "conj"), (6, "case"), (4, "obl")]);
        assert_eq!(t.subject_of(4), Some((0, "nsubj of the first conjunct")));
    }

    #[test]
    fn a_controlled_infinitive_takes_its_governor_s_subject() {
        // Russia(0) continues(1) to(2) demand(3) land(4)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (3, "mark"), (1, "xcomp"), (3, "obj")]);
        assert_eq!(t.subject_of(3), Some((0, "nsubj of the controlling verb")));
    }

    #[test]
    fn an_adjunct_clause_without_a_subject_shares_the_main_clause_s() {
        // Peru(0) thanked(1) Chile(2) ,(3) saying(4) talks(5) helped(6)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj"), (4, "punct"), (1, "advcl"), (6, "nsubj"), (4, "ccomp")]);
        assert_eq!(t.subject_of(4), Some((0, ADJUNCT_SUBJECT)));
        // An adjunct with a subject of its own keeps it: Peru(0) left(1)
        // after(2) Chile(3) objected(4)
        let own = tree(&[(1, "nsubj"), (ROOT, "root"), (4, "mark"), (4, "nsubj"), (1, "advcl")]);
        assert_eq!(own.subject_of(4), Some((3, "nsubj")));
    }

    #[test]
    fn the_subject_of_a_coordinated_clause_is_another_clause_s() {
        // Chile(0) condemned(1) raid(2) and(3) Peru(4) urged(5) calm(6)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj"), (5, "cc"), (5, "nsubj"), (1, "conj"), (5, "obj")]);
        assert!(t.subject_of_coordinated_clause(4, 1));
        assert!(!t.subject_of_coordinated_clause(2, 1), "an object is no subject");
        // Chile(0) demanded(1) that(2) Peru(3) withdraw(4)
        let demanded = tree(&[(1, "nsubj"), (ROOT, "root"), (4, "mark"), (4, "nsubj"), (1, "ccomp")]);
        assert!(!demanded.subject_of_coordinated_clause(3, 1), "the clause the act governs");
    }

    #[test]
    fn a_relative_clause_acts_through_its_noun() {
        // the(0) army(1) ,(2) which(3) shelled(4) Goma(5)
        let t = tree(&[(1, "det"), (ROOT, "root"), (4, "punct"), (4, "nsubj"), (1, "acl:relcl"), (4, "obj")]);
        // "which" is the relative clause's own subject; the rule that
        // matters is for a clause without one:
        assert_eq!(t.subject_of(4), Some((3, "nsubj")));
        let reduced = tree(&[(1, "det"), (ROOT, "root"), (1, "acl:relcl"), (2, "obj")]);
        assert_eq!(reduced.subject_of(2), Some((1, "noun of the relative clause")));
    }

    #[test]
    fn a_passive_conjunct_does_not_borrow_an_active_subject() {
        // Police(0) fired(1) and(2) protesters(3) were(4) hurt(5)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (5, "cc"), (5, "nsubj:pass"), (5, "aux:pass"), (1, "conj")]);
        assert_eq!(t.subject_of(5), None);
    }

    #[test]
    fn a_relative_clause_and_its_conjuncts_describe_its_noun() {
        // Rwanda(0) ,(1) which(2) denies(3) and(4) rejects(5) claims(6)
        let t = tree(&[(ROOT, "root"), (3, "punct"), (3, "nsubj"), (0, "acl:relcl"), (5, "cc"), (3, "conj"), (5, "obj")]);
        assert_eq!(t.relative_antecedent(3), Some(0));
        assert_eq!(t.relative_antecedent(5), Some(0));
        assert_eq!(t.relative_antecedent(0), None);
    }

    #[test]
    fn the_head_of_a_span_is_the_word_the_others_hang_on() {
        // the(0) Russian(1) foreign(2) ministry(3) said(4)
        let t = tree(&[(3, "det"), (3, "amod"), (3, "amod"), (4, "nsubj"), (ROOT, "root")]);
        assert_eq!(t.head_of(1, 4), Some(3));
        assert_eq!(t.head_of(0, 5), Some(4));
    }

    #[test]
    fn objects_come_before_obliques() {
        // Washington(0) imposed(1) on(2) Tehran(3) new(4) sanctions(5)
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (3, "case"), (1, "obl"), (5, "amod"), (1, "obj")]);
        assert_eq!(t.arguments_of(1, 2), [5, 3]);
    }

    #[test]
    fn a_multiword_act_reaches_the_arguments_of_each_word() {
        // talks(0) with(1) Kyiv(2) stalled(3): the act "talks" has "Kyiv"
        let t = tree(&[(3, "nsubj"), (2, "case"), (0, "nmod"), (ROOT, "root")]);
        assert_eq!(t.arguments_of(0, 1), [2]);
        // the words of the act itself are not its arguments
        assert_eq!(t.arguments_of(0, 3), Vec::<usize>::new());
    }

    #[test]
    fn adjectives_and_noun_modifiers_only_describe() {
        // the(0) abducted(1) children(2) returned(3)
        let t = tree(&[(2, "det"), (2, "amod"), (3, "nsubj:pass"), (ROOT, "root")]);
        assert!(t.is_modifier(1));
        assert!(!t.is_modifier(3));
    }

    #[test]
    fn a_condition_restricts_only_the_clause_it_hangs_on() {
        let verbs = |mut t: TokenTree, v: &[usize]| {
            v.iter().for_each(|&i| t.verb[i] = true);
            t
        };
        // Peru(0) will(1) withdraw(2) troops(3) unless(4) Chile(5) agrees(6)
        let one = tree(&[(2, "nsubj"), (2, "aux"), (ROOT, "root"), (2, "obj"), (6, "mark"), (6, "nsubj"), (2, "advcl")]);
        let one = verbs(one, &[2, 6]);
        assert!(one.conditions(4, 2) && one.conditions(4, 3));
        // Peru(0) met(1) Chile(2) and(3) asked(4) whether(5) aid(6) came(7)
        let two = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj"), (4, "cc"), (1, "conj"), (7, "mark"), (7, "nsubj"), (4, "ccomp")]);
        let two = verbs(two, &[1, 4, 7]);
        assert!(!two.conditions(5, 1), "a question inside the second conjunct");
        // Peru(0) met(1) Chile(2) and(3) will(4) leave(5) if(6) asked(7)
        let three = tree(&[(1, "nsubj"), (ROOT, "root"), (1, "obj"), (5, "cc"), (5, "aux"), (1, "conj"), (7, "mark"), (5, "advcl")]);
        let three = verbs(three, &[1, 5, 7]);
        assert!(three.conditions(6, 5) && !three.conditions(6, 1), "a condition on a second conjunct");
    }

    #[test]
    fn a_noun_under_a_preposition_has_it_as_a_case_dependent() {
        // Peru(0) protested(1) after(2) the(3) raid(4)
        let t = tree(&[(1, "nsubj"), (usize::MAX, "root"), (4, "case"), (4, "det"), (1, "obl")]);
        assert_eq!(t.preposition_of(4), Some(2));
        assert_eq!((t.preposition_of(0), t.preposition_of(1)), (None, None));
    }

    #[test]
    fn subtrees_and_dominance() {
        let t = tree(&[(1, "nsubj"), (ROOT, "root"), (3, "det"), (1, "obj")]);
        assert_eq!(t.subtree(3), [2, 3]);
        assert!(t.dominates(1, 2));
        assert!(!t.dominates(3, 0));
    }
}
