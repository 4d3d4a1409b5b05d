//! Verbs that report speech ("said", "told", "announced"), as lemmas. The
//! actor stage uses them to find a trailing attribution (", X said."), the
//! event stage to find the speaker of a sentence; one list keeps the two
//! in step.

pub const REPORTING_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "state",
    "announce",
    "claim",
    "note",
    "stress",
    "report",
    "write",
    "explain",
    "insist",
    "confirm",
    "declare",
    "reiterate",
    "conclude",
    "remind",
    "argue",
    "assert",
    "emphasize",
    "maintain",
    // A noun of speech: "issued a reminder to Iraq that it must ...".
    "reminder",
];
