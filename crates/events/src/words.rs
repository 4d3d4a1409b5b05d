//! The function words the role, modality and speech rules look at,
//! interned once so the rules compare integers.

use dyad_text::{LexiconBuilder, Sym, Token};

pub struct Words {
    pub be: Sym,
    pub get: Sym,
    pub by: Sym,
    pub of: Sym,
    pub quantities: Vec<Sym>,
    pub to: Sym,
    pub that: Sym,
    pub which: Sym,
    pub and: Sym,
    pub comma: Sym,
    pub possessive: Sym,
    pub according: Sym,
    pub negators: Vec<Sym>,
    pub fail: Sym,
    pub refuse: Sym,
    pub threaten: Sym,
    pub hypothetical: Vec<Sym>,
    pub obligation: Vec<Sym>,
    pub backshifted_future: Vec<Sym>,
    pub perfect: Vec<Sym>,
    pub future: Vec<Sym>,
    pub future_verbs: Vec<Sym>,
    pub future_adjectives: Vec<Sym>,
    pub conditionals: Vec<Sym>,
    pub reporting: Vec<Sym>,
    pub prepositions: Vec<Sym>,
    pub determiners: Vec<Sym>,
    pub subject_stops: Vec<Sym>,
    pub target_stops: Vec<Sym>,
    pub hard_breaks: Vec<Sym>,
    pub conjunctions: Vec<Sym>,
    pub agreement_links: Vec<Sym>,
    pub quote_marks: Vec<Sym>,
    pub person_pronouns: Vec<Sym>,
    pub group_pronouns: Vec<Sym>,
    pub speaker_pronouns: Vec<Sym>,
    pub adverbs: Vec<Sym>,
}

fn syms(lx: &mut LexiconBuilder, words: &[&str]) -> Vec<Sym> {
    words.iter().map(|w| lx.intern(w)).collect()
}

fn lemmas(lx: &mut LexiconBuilder, words: &[&str]) -> Vec<Sym> {
    words.iter().map(|w| lx.add_lemma(w)).collect()
}

impl Words {
    pub fn new(lx: &mut LexiconBuilder) -> Words {
        Words {
            be: lx.add_lemma("be"),
            get: lx.add_lemma("get"),
            by: lx.intern("by"),
            of: lx.intern("of"),
            quantities: syms(
                lx,
                &[
                    "thousands",
                    "hundreds",
                    "dozens",
                    "scores",
                    "millions",
                    "tens",
                    "group",
                    "groups",
                    "members",
                    "member",
                    "number",
                    "majority",
                    "leaders",
                    "leader",
                    "supporters",
                    "some",
                    "many",
                    "most",
                    "all",
                    "one",
                    "two",
                    "three",
                    "several",
                    "delegation",
                    "representatives",
                    "band",
                    "crowd",
                    "crowds",
                    "contingent",
                    "unit",
                    "units",
                    "team",
                    "lots",
                    "hundred",
                    "thousand",
                ],
            ),
            to: lx.intern("to"),
            that: lx.intern("that"),
            which: lx.intern("which"),
            and: lx.intern("and"),
            comma: lx.intern(","),
            possessive: lx.intern("'s"),
            according: lx.intern("according"),
            negators: syms(lx, &["not", "never", "no", "nor", "neither", "cannot"]),
            fail: lx.add_lemma("fail"),
            refuse: lx.add_lemma("refuse"),
            threaten: lx.add_lemma("threaten"),
            hypothetical: syms(lx, &["could", "would", "might", "may", "should", "must", "ought"]),
            obligation: syms(lx, &["must", "should", "ought"]),
            backshifted_future: syms(lx, &["would"]),
            perfect: syms(lx, &["has", "have", "had", "having"]),
            future: syms(lx, &["will", "shall", "'ll", "wo"]),
            future_verbs: lemmas(lx, &["plan", "intend", "aim", "expect", "schedule"]),
            future_adjectives: syms(lx, &["set", "due", "going", "poised", "slated", "scheduled", "expected", "planning", "about"]),
            conditionals: syms(lx, &["if", "unless", "provided", "providing", "whether"]),
            reporting: lemmas(
                lx,
                &[
                    "say", "tell", "add", "state", "announce", "claim", "note", "stress", "report", "write", "explain", "insist",
                    "confirm", "declare",
                ],
            ),
            prepositions: syms(
                lx,
                &[
                    "in",
                    "at",
                    "on",
                    "from",
                    "to",
                    "with",
                    "of",
                    "for",
                    "by",
                    "near",
                    "inside",
                    "outside",
                    "across",
                    "against",
                    "like",
                    "over",
                    "under",
                    "between",
                    "among",
                    "about",
                    "into",
                    "toward",
                    "towards",
                    "through",
                    "within",
                    "without",
                    "including",
                    "despite",
                    "during",
                    "around",
                    "along",
                    "beyond",
                    "via",
                    "amid",
                    "than",
                    "unlike",
                    "behind",
                    "beside",
                    "onto",
                    "upon",
                    "throughout",
                ],
            ),
            determiners: syms(
                lx,
                &[
                    "a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those", "new", "fresh", "further", "latest",
                    "recent", "renewed", "major", "'s", "any", "no", "first", "second", "largest", "biggest", "deadly", "massive",
                ],
            ),
            subject_stops: syms(
                lx,
                &[
                    ";", ":", "that", "which", "who", "whom", "whose", "because", "while", "whereas", "although", "though", "if", "unless",
                    "when", "where", "whether",
                ],
            ),
            target_stops: syms(
                lx,
                &[
                    ";", ":", "which", "who", "whom", "whose", "because", "while", "whereas", "although", "though", "but", "when", "if",
                    "unless", "where",
                ],
            ),
            agreement_links: syms(lx, &["to", "on", "upon"]),
            conjunctions: syms(lx, &["and", "but", "or", "while", "whereas"]),
            hard_breaks: syms(lx, &[";", ":", "\"", "(", ")"]),
            quote_marks: syms(lx, &["\"", "\u{201c}", "\u{201d}", "\u{00ab}", "\u{00bb}"]),
            person_pronouns: syms(lx, &["he", "she"]),
            group_pronouns: syms(lx, &["they", "it"]),
            speaker_pronouns: syms(lx, &["we", "i"]),
            adverbs: syms(
                lx,
                &[
                    "also",
                    "then",
                    "later",
                    "reportedly",
                    "allegedly",
                    "again",
                    "officially",
                    "formally",
                    "publicly",
                    "repeatedly",
                    "already",
                    "now",
                    "once",
                    "had",
                    "has",
                    "have",
                    "jointly",
                    "immediately",
                    "finally",
                ],
            ),
        }
    }

    /// The token is one of these function words. Only the form counts:
    /// forward inflection gives closed-class words bogus relatives ("its"
    /// is a form of "it" to it), so lemmas are for verbs only.
    pub fn is(&self, t: &Token, list: &[Sym]) -> bool {
        t.norm.is_known() && list.contains(&t.norm)
    }

    /// The token is an inflection of one of these verbs.
    pub fn is_verb(&self, t: &Token, list: &[Sym]) -> bool {
        t.norm.is_known() && (list.contains(&t.norm) || list.contains(&t.lemma))
    }
}
