//! The event pattern language: parsing, validation and compilation.
//!
//! The syntax is documented in `docs/dictionaries.md`. A pattern compiles to
//! a list of steps over word symbols; matching is done in [`crate::matcher`].

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use dyad_dict::{lines, DictError, DictErrors, DictSet};
use dyad_text::tokens::phrase_tokens;
use dyad_text::{LexiconBuilder, Sym};

use crate::cameo::CameoTable;

/// One word of a pattern as written: folded, and whether it must match
/// exactly (quoted) or as any inflection.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct WordSpec {
    word: String,
    exact: bool,
}

/// Alternatives, each a sequence of words.
type AltsSpec = Vec<Vec<WordSpec>>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum StepSpec {
    Words(AltsSpec),
    Macro(String),
    Gap,
    Target,
    Source,
}

#[derive(Clone, Debug)]
pub struct PatternSpec {
    code: String,
    steps: Vec<(StepSpec, bool)>,
    not: Vec<StepSpec>,
    with: Vec<StepSpec>,
    /// Shared by every pattern of the file.
    file: Arc<str>,
    line: usize,
    text: String,
}

/// A compiled alternative: a sequence of (symbol, exact) words.
pub type Alt = Box<[(Sym, bool)]>;

/// The alternatives of one step, with the symbols they can start with.
/// Shared: a macro used by a thousand patterns is compiled and stored once.
#[derive(Debug)]
pub struct AltSet {
    pub alts: Box<[Alt]>,
    pub firsts: Box<[Sym]>,
}

impl AltSet {
    fn new(alts: Vec<Alt>) -> Arc<AltSet> {
        let mut firsts: Vec<Sym> = alts.iter().filter_map(|a| a.first().map(|(s, _)| *s)).collect();
        firsts.sort();
        firsts.dedup();
        Arc::new(AltSet { alts: alts.into_boxed_slice(), firsts: firsts.into_boxed_slice() })
    }
}

#[derive(Clone, Debug)]
pub enum Step {
    Words { set: Arc<AltSet>, optional: bool },
    Gap,
    Target,
    Source,
}

/// Where a pattern is written; shown as `file:line`. Kept apart and
/// formatted only when shown: formatting 26,000 of them at load costs
/// milliseconds.
#[derive(Clone, Debug)]
pub struct PatternOrigin {
    pub file: Arc<str>,
    pub line: usize,
}

impl std::fmt::Display for PatternOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Words that must not (or must) be near a match, with the first words
/// of all of them merged and sorted: one lookup tells whether a position
/// can hold any of them.
#[derive(Clone, Debug, Default)]
pub struct Constraint {
    pub sets: Box<[Arc<AltSet>]>,
    pub firsts: Box<[Sym]>,
}

impl Constraint {
    fn new(sets: Vec<Arc<AltSet>>) -> Constraint {
        let mut firsts: Vec<Sym> = sets.iter().flat_map(|s| s.firsts.iter().copied()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        Constraint { sets: sets.into_boxed_slice(), firsts: firsts.into_boxed_slice() }
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Pattern {
    pub code: String,
    pub steps: Box<[Step]>,
    pub not: Constraint,
    pub with: Constraint,
    /// `file:line` and the pattern as written, for `--explain`.
    pub origin: PatternOrigin,
    pub text: String,
    /// How many words the pattern names; more specific patterns win ties.
    pub weight: u32,
    /// The required word steps after the first: a sentence lacking every
    /// first word of any of them cannot match, which rules out most
    /// candidates before matching.
    pub required: Box<[Arc<AltSet>]>,
}

/// The patterns that can start with one symbol, split by a second word
/// they require: many patterns share a first word ("agree", "call"), and
/// most of them need a word the sentence does not have.
///
/// Id lists are ranges of [`PatternSet::ids`]: one array instead of forty
/// thousand small vectors keeps load time down.
#[derive(Default, Debug)]
pub struct FirstIndex {
    /// Patterns that require nothing after their first word.
    pub always: IdRange,
    /// Patterns by the symbols their most selective required step can
    /// start with.
    pub by_key: FxHashMap<Sym, IdRange>,
}

/// A range of [`PatternSet::ids`].
#[derive(Clone, Copy, Default, Debug)]
pub struct IdRange {
    start: u32,
    end: u32,
}

/// What one pattern file yields: its patterns, its macros, its errors.
type FilePatterns = (Vec<PatternSpec>, FxHashMap<String, (AltsSpec, String)>, Vec<DictError>);

/// Pattern files parsed but not yet compiled.
pub struct ParsedPatterns {
    specs: Vec<PatternSpec>,
    macros: FxHashMap<String, (AltsSpec, String)>,
    errors: Vec<DictError>,
}

impl ParsedPatterns {
    /// Compiles the patterns. Their words are interned in `lexicon` first,
    /// one at a time (the lexicon is shared); the patterns themselves then
    /// compile in parallel against the finished word table.
    pub fn compile(mut self, lexicon: &mut LexiconBuilder) -> Result<PatternSet, DictErrors> {
        // The code and text move into the compiled patterns rather than
        // being copied: fewer allocations at load.
        let owned: Vec<(String, String)> =
            self.specs.iter_mut().map(|s| (std::mem::take(&mut s.code), std::mem::take(&mut s.text))).collect();
        // Every distinct word, in the order the patterns use it (the first
        // lemma to claim an inflected form keeps it); inflections are
        // generated in parallel, interning stays sequential.
        let mut order: Vec<(&str, bool)> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<(&str, bool)> = Default::default();
        let mut seen_macros: rustc_hash::FxHashSet<&str> = Default::default();
        for spec in &self.specs {
            for step in spec.steps.iter().map(|(st, _)| st).chain(&spec.not).chain(&spec.with) {
                let alts = match step {
                    StepSpec::Words(alts) => alts,
                    StepSpec::Macro(name) if seen_macros.insert(name.as_str()) => match self.macros.get(name) {
                        Some((alts, _)) => alts,
                        None => continue,
                    },
                    _ => continue,
                };
                for w in alts.iter().flatten() {
                    if seen.insert((w.word.as_str(), w.exact)) {
                        order.push((w.word.as_str(), w.exact));
                    }
                }
            }
        }
        let forms: Vec<Vec<String>> =
            order.par_iter().map(|(word, exact)| if *exact { Vec::new() } else { dyad_text::inflect::inflections(word) }).collect();
        let mut syms: WordSyms = FxHashMap::default();
        for ((word, exact), forms) in order.into_iter().zip(forms) {
            let sym = if exact { lexicon.intern(word) } else { lexicon.add_lemma_with(word, forms) };
            syms.insert((word, exact), (sym, AltSet::new(vec![Box::new([(sym, exact)])])));
        }
        let macros: FxHashMap<&str, Arc<AltSet>> = self
            .macros
            .iter()
            .filter(|(name, _)| seen_macros.contains(name.as_str()))
            .map(|(name, (alts, _))| (name.as_str(), AltSet::new(compile_alts(alts, &syms))))
            .collect();
        let compiled: Vec<Result<Pattern, DictError>> = self
            .specs
            .par_iter()
            .zip(owned)
            .map(|(spec, (code, text))| compile(spec, code, text, &macros, &syms).map_err(|msg| DictError::new(&spec.file, spec.line, msg)))
            .collect();
        // Freeing a hundred thousand parsed strings takes milliseconds of
        // load time; another thread can do it.
        drop((macros, syms, seen, seen_macros));
        let (specs, parsed_macros) = (self.specs, self.macros);
        rayon::spawn(move || drop((specs, parsed_macros)));
        let mut errors = self.errors;
        let mut patterns = Vec::with_capacity(compiled.len());
        for result in compiled {
            match result {
                Ok(p) => patterns.push(p),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(PatternSet::new(patterns))
        } else {
            Err(DictErrors(errors))
        }
    }
}

/// The symbol of every word the patterns use, as (word, exact).
/// With each word, the step that is that word alone: most steps are one
/// word, and sharing them saves allocations at load and memory after.
type WordSyms<'a> = FxHashMap<(&'a str, bool), (Sym, Arc<AltSet>)>;

/// All patterns, indexed by the symbols their first word can take.
#[derive(Default, Debug)]
pub struct PatternSet {
    pub patterns: Vec<Pattern>,
    pub by_first: FxHashMap<Sym, FirstIndex>,
    pub ids: Vec<u32>,
    /// The required steps each pattern has besides its index key, laid out
    /// flat: checking a candidate touches two small arrays instead of
    /// following four pointers into scattered memory.
    pub prefilter: Prefilter,
}

/// Per pattern, the first words of each required step other than the one
/// it is indexed by. A candidate whose key word is present still needs one
/// word of each of these steps in the sentence.
#[derive(Default, Debug)]
pub struct Prefilter {
    /// Pattern id -> range in `steps`.
    patterns: Vec<(u32, u32)>,
    /// Step -> range in `syms`.
    steps: Vec<(u32, u32)>,
    syms: Vec<Sym>,
}

impl Prefilter {
    fn push(&mut self, steps: &[&Arc<AltSet>]) {
        let start = self.steps.len() as u32;
        for set in steps {
            let from = self.syms.len() as u32;
            self.syms.extend_from_slice(&set.firsts);
            self.steps.push((from, self.syms.len() as u32));
        }
        self.patterns.push((start, self.steps.len() as u32));
    }

    /// Whether every remaining required step of `pattern` has a first word
    /// for which `present` holds.
    pub fn passes(&self, pattern: u32, present: impl Fn(Sym) -> bool) -> bool {
        let (a, b) = self.patterns[pattern as usize];
        self.steps[a as usize..b as usize].iter().all(|&(x, y)| self.syms[x as usize..y as usize].iter().any(|&s| present(s)))
    }
}

/// How many words `*` may skip. Hyphenated words count as three tokens
/// ("day - old"), so the limit is a little generous.
pub const GAP_WORDS: usize = 6;

impl PatternSet {
    /// Parses every `events/*.txt` file (except `derived.txt`), checks codes
    /// and macros, and compiles the patterns against `lexicon`.
    pub fn load(set: &DictSet, cameo: &CameoTable, lexicon: &mut LexiconBuilder) -> Result<PatternSet, DictErrors> {
        PatternSet::parse(set, cameo).compile(lexicon)
    }

    /// Parses the pattern files, in parallel: parsing needs no lexicon, so
    /// it can run beside the actor dictionaries' (load time is a target).
    pub fn parse(set: &DictSet, cameo: &CameoTable) -> ParsedPatterns {
        let files: Vec<_> = set.files_under("events/").filter(|f| f.path != "events/derived.txt").collect();
        let parts: Vec<FilePatterns> = files
            .par_iter()
            .map(|file| {
                let (mut specs, mut macros, mut errors) = (Vec::new(), FxHashMap::default(), Vec::new());
                parse_file(&Arc::from(file.origin.as_str()), &file.text, cameo, &mut specs, &mut macros, &mut errors);
                (specs, macros, errors)
            })
            .collect();
        let mut parsed = ParsedPatterns { specs: Vec::new(), macros: FxHashMap::default(), errors: Vec::new() };
        for (specs, macros, errors) in parts {
            parsed.specs.extend(specs);
            parsed.errors.extend(errors);
            let mut macros: Vec<_> = macros.into_iter().collect();
            macros.sort_by(|a, b| a.1 .1.cmp(&b.1 .1));
            for (name, (alts, origin)) in macros {
                if let Some((_, first)) = parsed.macros.get(&name) {
                    let (file, line) = origin.rsplit_once(':').unwrap_or((&origin, "0"));
                    parsed.errors.push(DictError::new(
                        file,
                        line.parse().unwrap_or(0),
                        format!("macro @{name} is already defined at {first}"),
                    ));
                } else {
                    parsed.macros.insert(name, (alts, origin));
                }
            }
        }
        parsed
    }

    /// Indexes the compiled patterns by first word and key word.
    fn new(patterns: Vec<Pattern>) -> PatternSet {
        // (first word, key word or UNKNOWN for none, pattern), in pattern
        // order; then grouped by counting (a sort of 100,000 entries cost
        // more than the rest of the index).
        let mut entries: Vec<(Sym, Sym, u32)> = Vec::new();
        let mut prefilter = Prefilter::default();
        for (id, pattern) in patterns.iter().enumerate() {
            let id = id as u32;
            let Some(Step::Words { set, .. }) = pattern.steps.first() else {
                prefilter.push(&[]);
                continue;
            };
            let key = (0..pattern.required.len()).min_by_key(|&i| pattern.required[i].firsts.len());
            for &first in set.firsts.iter() {
                match key {
                    Some(k) => entries.extend(pattern.required[k].firsts.iter().map(|&w| (first, w, id))),
                    None => entries.push((first, Sym::UNKNOWN, id)),
                }
            }
            let rest: Vec<&Arc<AltSet>> = pattern.required.iter().enumerate().filter(|&(i, _)| Some(i) != key).map(|(_, r)| r).collect();
            prefilter.push(&rest);
        }
        let mut groups: FxHashMap<(Sym, Sym), IdRange> = FxHashMap::default();
        for &(first, key, _) in &entries {
            groups.entry((first, key)).or_default().end += 1;
        }
        let mut by_first: FxHashMap<Sym, FirstIndex> = FxHashMap::default();
        let mut next = 0;
        for (&(first, key), range) in groups.iter_mut() {
            *range = IdRange { start: next, end: next + range.end };
            next = range.end;
            let index = by_first.entry(first).or_default();
            if key.is_known() {
                index.by_key.insert(key, *range);
            } else {
                index.always = *range;
            }
        }
        // Filling each group in pattern order keeps its ids in file order;
        // a group's end is its fill cursor until it is full again.
        groups.values_mut().for_each(|r| r.end = r.start);
        let mut ids = vec![0; entries.len()];
        for (first, key, id) in entries {
            let range = groups.get_mut(&(first, key)).expect("counted above");
            ids[range.end as usize] = id;
            range.end += 1;
        }
        PatternSet { patterns, by_first, ids, prefilter }
    }

    /// The pattern ids of a range.
    pub fn ids(&self, range: IdRange) -> &[u32] {
        &self.ids[range.start as usize..range.end as usize]
    }

    /// Number of patterns per code.
    pub fn count_by_code(&self) -> FxHashMap<&str, usize> {
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for p in &self.patterns {
            *counts.entry(p.code.as_str()).or_default() += 1;
        }
        counts
    }
}

fn parse_file(
    file: &Arc<str>,
    text: &str,
    cameo: &CameoTable,
    specs: &mut Vec<PatternSpec>,
    macros: &mut FxHashMap<String, (AltsSpec, String)>,
    errors: &mut Vec<DictError>,
) {
    let mut code: Option<String> = None;
    for line in lines(text) {
        let t = line.text;
        let err = |msg: String| DictError::new(file, line.number, msg);
        if let Some(rest) = t.strip_prefix('@') {
            let Some((name, body)) = rest.split_once('=') else {
                // A pattern may start with a macro ("@talks collapse").
                if code.is_some() {
                    push_pattern(file, line.number, t, &code, specs, errors);
                } else {
                    errors.push(err(format!("macro {t:?} needs `= alternative | alternative`")));
                }
                continue;
            };
            let name = name.trim().to_string();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                errors.push(err(format!("bad macro name {name:?}")));
                continue;
            }
            match parse_alternatives(body) {
                Ok(alts) if !alts.is_empty() => {
                    let here = format!("{file}:{}", line.number);
                    if let Some((_, first)) = macros.get(&name) {
                        errors.push(err(format!("macro @{name} is already defined at {first}")));
                    } else {
                        macros.insert(name, (alts, here));
                    }
                }
                Ok(_) => errors.push(err(format!("macro @{name} has no alternatives"))),
                Err(msg) => errors.push(err(msg)),
            }
            continue;
        }
        if t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let Some(close) = t.find(']') else {
                errors.push(err("unbalanced bracket: `[` without `]`".to_string()));
                continue;
            };
            let c = t[1..close].trim();
            match cameo.get(c) {
                Some(info) if info.code.len() > 2 => code = Some(c.to_string()),
                Some(_) => {
                    errors.push(err(format!("code {c:?} is a root heading; use one of its three- or four-digit codes")));
                    code = None;
                }
                None => {
                    errors.push(err(format!("unknown CAMEO code {c:?}")));
                    code = None;
                }
            }
            continue;
        }
        push_pattern(file, line.number, t, &code, specs, errors);
    }
}

fn push_pattern(file: &Arc<str>, line: usize, t: &str, code: &Option<String>, specs: &mut Vec<PatternSpec>, errors: &mut Vec<DictError>) {
    let Some(code) = code else {
        errors.push(DictError::new(file, line, "pattern before the first `[CODE]` block (or under an invalid code)"));
        return;
    };
    match parse_pattern(t) {
        Ok((steps, not, with)) => {
            specs.push(PatternSpec { code: code.clone(), steps, not, with, file: file.clone(), line, text: t.to_string() })
        }
        Err(msg) => errors.push(DictError::new(file, line, msg)),
    }
}

/// Splits a pattern line into raw items, keeping quoted words, `(...)` and
/// `[...]` groups whole.
fn split_items(t: &str) -> Result<Vec<&str>, String> {
    let mut items = Vec::new();
    let mut start: Option<usize> = None;
    let mut depth_paren = 0i32;
    let mut depth_bracket = 0i32;
    let mut in_quote = false;
    for (i, c) in t.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '(' if !in_quote => depth_paren += 1,
            ')' if !in_quote => depth_paren -= 1,
            '[' if !in_quote => depth_bracket += 1,
            ']' if !in_quote => depth_bracket -= 1,
            _ => {}
        }
        if depth_paren < 0 {
            return Err("unbalanced parenthesis: `)` without `(`".into());
        }
        if depth_bracket < 0 {
            return Err("unbalanced bracket: `]` without `[`".into());
        }
        if c.is_whitespace() && !in_quote && depth_paren == 0 && depth_bracket == 0 {
            if let Some(s) = start.take() {
                items.push(&t[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if in_quote {
        return Err("quoted word never closes".into());
    }
    if depth_paren != 0 {
        return Err("unbalanced parenthesis: `(` without `)`".into());
    }
    if depth_bracket != 0 {
        return Err("unbalanced bracket: `[` without `]`".into());
    }
    if let Some(s) = start {
        items.push(&t[s..]);
    }
    Ok(items)
}

type Parsed = (Vec<(StepSpec, bool)>, Vec<StepSpec>, Vec<StepSpec>);

fn parse_pattern(t: &str) -> Result<Parsed, String> {
    let items = split_items(t)?;
    let mut steps = Vec::new();
    let mut not = Vec::new();
    let mut with = Vec::new();
    for item in items {
        if let Some(inner) = item.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let mut words = inner.split_whitespace();
            let target = match words.next() {
                Some("not") => &mut not,
                Some("with") => &mut with,
                other => return Err(format!("constraint must be `[not ...]` or `[with ...]`, found `[{}`", other.unwrap_or(""))),
            };
            let rest: Vec<&str> = words.collect();
            if rest.is_empty() {
                return Err(format!("empty constraint {item:?}"));
            }
            // Plain words of a list are one set of alternatives: a list of
            // twenty words compiles to one set, not twenty.
            let mut plain: AltsSpec = Vec::new();
            for w in rest {
                match parse_step(w)? {
                    StepSpec::Words(alts) => plain.extend(alts),
                    other => target.push(other),
                }
            }
            if !plain.is_empty() {
                target.push(StepSpec::Words(plain));
            }
            continue;
        }
        if !not.is_empty() || !with.is_empty() {
            return Err(format!("{item:?} after a constraint; constraints come last"));
        }
        let (inner, optional) = match item.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            Some(inner) => (inner, true),
            None => (item, false),
        };
        let step = parse_step(inner)?;
        if optional && matches!(step, StepSpec::Gap | StepSpec::Target | StepSpec::Source) {
            return Err(format!("{item:?}: only words can be optional"));
        }
        steps.push((step, optional));
    }
    // A leading `$` says what is the default anyway: the subject.
    if matches!(steps.first(), Some((StepSpec::Source, _))) {
        steps.remove(0);
    }
    match steps.first() {
        None => return Err("empty pattern".into()),
        Some((StepSpec::Words(_) | StepSpec::Macro(_), false)) => {}
        Some(_) => return Err("a pattern must start with a word, alternatives or a macro (not `*`, `+` or an optional word)".into()),
    }
    if matches!(steps.last(), Some((StepSpec::Gap, _))) {
        return Err("a pattern cannot end with `*`".into());
    }
    Ok((steps, not, with))
}

fn parse_step(item: &str) -> Result<StepSpec, String> {
    match item {
        "*" => return Ok(StepSpec::Gap),
        "+" => return Ok(StepSpec::Target),
        "$" => return Ok(StepSpec::Source),
        _ => {}
    }
    if let Some(name) = item.strip_prefix('@') {
        if name.is_empty() {
            return Err("`@` without a macro name".into());
        }
        return Ok(StepSpec::Macro(name.to_string()));
    }
    let mut alts = Vec::new();
    for alt in item.split('|') {
        if alt.is_empty() {
            return Err(format!("empty alternative in {item:?}"));
        }
        alts.push(parse_words(alt)?);
    }
    Ok(StepSpec::Words(alts))
}

fn parse_words(raw: &str) -> Result<Vec<WordSpec>, String> {
    let (text, exact) = match raw.strip_prefix('"') {
        Some(rest) => (rest.strip_suffix('"').ok_or_else(|| format!("quoted word {raw:?} never closes"))?, true),
        None => (raw, false),
    };
    if text.contains(['(', ')', '[', ']', '"']) {
        return Err(format!("unexpected bracket or quote in {raw:?}"));
    }
    // Most pattern words are plain lower-case words that tokenize to
    // themselves; only the rest go through the tokenizer.
    if text.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(vec![WordSpec { word: text.to_string(), exact }]);
    }
    let words: Vec<WordSpec> = phrase_tokens(text).into_iter().map(|(word, _)| WordSpec { word, exact }).collect();
    if words.is_empty() {
        return Err(format!("no word in {raw:?}"));
    }
    Ok(words)
}

/// `alt | two words | "exact"` as a macro body.
fn parse_alternatives(body: &str) -> Result<AltsSpec, String> {
    let mut alts = Vec::new();
    for alt in body.split('|') {
        let alt = alt.trim();
        if alt.is_empty() {
            return Err("empty alternative in macro".into());
        }
        let mut seq = Vec::new();
        for word in split_items(alt)? {
            seq.extend(parse_words(word)?);
        }
        alts.push(seq);
    }
    Ok(alts)
}

fn compile_alts(alts: &AltsSpec, syms: &WordSyms) -> Vec<Alt> {
    alts.iter()
        .map(|seq| {
            seq.iter()
                .map(|w| (syms.get(&(w.word.as_str(), w.exact)).map_or(Sym::UNKNOWN, |(sym, _)| *sym), w.exact))
                .collect::<Vec<_>>()
                .into_boxed_slice()
        })
        .collect()
}

fn resolve_alts(step: &StepSpec, macros: &FxHashMap<&str, Arc<AltSet>>, syms: &WordSyms) -> Result<Arc<AltSet>, String> {
    match step {
        StepSpec::Words(alts) => match alts.as_slice() {
            [one] if one.len() == 1 => match syms.get(&(one[0].word.as_str(), one[0].exact)) {
                Some((_, set)) => Ok(set.clone()),
                None => Ok(AltSet::new(compile_alts(alts, syms))),
            },
            _ => Ok(AltSet::new(compile_alts(alts, syms))),
        },
        StepSpec::Macro(name) => macros.get(name.as_str()).cloned().ok_or_else(|| format!("unknown macro @{name}")),
        StepSpec::Gap | StepSpec::Target | StepSpec::Source => Err("`*`, `+` and `$` cannot be constraints".into()),
    }
}

fn compile(
    spec: &PatternSpec,
    code: String,
    text: String,
    macros: &FxHashMap<&str, Arc<AltSet>>,
    syms: &WordSyms,
) -> Result<Pattern, String> {
    let mut steps = Vec::new();
    let mut weight = 0;
    for (step, optional) in &spec.steps {
        steps.push(match step {
            StepSpec::Gap => Step::Gap,
            StepSpec::Target => Step::Target,
            StepSpec::Source => Step::Source,
            words => {
                if !optional {
                    weight += 1;
                }
                Step::Words { set: resolve_alts(words, macros, syms)?, optional: *optional }
            }
        });
    }
    let constraint = |list: &[StepSpec]| -> Result<Constraint, String> {
        list.iter().map(|s| resolve_alts(s, macros, syms)).collect::<Result<Vec<_>, _>>().map(Constraint::new)
    };
    let required = steps
        .iter()
        .skip(1)
        .filter_map(|st| match st {
            Step::Words { set, optional: false } => Some(set.clone()),
            _ => None,
        })
        .collect();
    Ok(Pattern {
        required,
        code,
        steps: steps.into_boxed_slice(),
        not: constraint(&spec.not)?,
        with: constraint(&spec.with)?,
        origin: PatternOrigin { file: spec.file.clone(), line: spec.line },
        text,
        weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_dict::DictFile;

    fn load(text: &str) -> Result<PatternSet, String> {
        let set = DictSet::from_files(vec![DictFile { path: "events/t.txt".into(), origin: "events/t.txt".into(), text: text.into() }]);
        let cameo = CameoTable::load(&DictSet::builtin()).unwrap();
        PatternSet::load(&set, &cameo, &mut LexiconBuilder::new()).map_err(|e| e.to_string())
    }

    #[test]
    fn compiles_macros_alternatives_and_constraints() {
        let set = load("@talks = talk | peace talk | \"negotiations\"\n[164] Halt negotiations\nput * on hold [with @talks]\nsuspend|halt @talks\n@talks collapse\n(the) pause in @talks\n").unwrap_err();
        // "(the) pause" starts with an optional word.
        assert!(set.contains("events/t.txt:6: a pattern must start with a word"), "{set}");
        let set = load(
            "@talks = talk | peace talk | \"negotiations\"\n[164]\nput * on hold [with @talks]\nsuspend|halt @talks\n@talks collapse\n",
        )
        .unwrap();
        assert_eq!(set.patterns.len(), 3);
        assert_eq!(set.patterns[0].with.sets[0].alts.len(), 3);
        assert_eq!(set.patterns[1].weight, 2);
        assert_eq!(set.patterns[2].origin.to_string(), "events/t.txt:5");
    }

    #[test]
    fn reports_bad_lines() {
        let err =
            load("attack\n[999]\nfoo\n[190]\nattack [not midfielder\nstrike (back\nhit \"hard\nopen fire on @nothing\n+ attack\n[01]\n")
                .unwrap_err();
        for expected in [
            "events/t.txt:1: pattern before the first `[CODE]` block",
            "events/t.txt:2: unknown CAMEO code \"999\"",
            "events/t.txt:5: unbalanced bracket: `[` without `]`",
            "events/t.txt:6: unbalanced parenthesis: `(` without `)`",
            "events/t.txt:7: quoted word never closes",
            "events/t.txt:8: unknown macro @nothing",
            "events/t.txt:9: a pattern must start with a word",
            "events/t.txt:10: code \"01\" is a root heading",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
        }
    }
}
