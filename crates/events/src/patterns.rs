//! The event pattern language: parsing, validation and compilation.
//!
//! The syntax is documented in `docs/dictionaries.md`. A pattern compiles to
//! a list of steps over word symbols; matching is done in [`crate::matcher`].

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use dyad_dict::{lines, DictError, DictErrors, DictSet};
use dyad_text::tokens::phrase_tokens;
use dyad_text::{LexiconBuilder, Sym};

use crate::cameo::CameoTable;

/// One word of a pattern as written: folded, and whether it must match
/// exactly (quoted) or as any inflection. Borrowed from the file text
/// unless folding changed it: most pattern words are written folded, and
/// a hundred thousand small strings were a third of the load time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct WordSpec<'a> {
    word: Cow<'a, str>,
    exact: bool,
}

/// Alternatives, each a sequence of words.
type AltsSpec<'a> = Vec<Vec<WordSpec<'a>>>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum StepSpec<'a> {
    /// One word, the most common step, kept apart from `Words` so that it
    /// needs no vectors.
    Word(WordSpec<'a>),
    Words(AltsSpec<'a>),
    Macro(&'a str),
    Gap,
    Target,
    Source,
}

/// A word or macro a pattern file uses. Each file lists them once, in the
/// order first used, while it is parsed: the lexicon needs that order, and
/// finding it was a sequential pass over every pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Used<'a> {
    Word(WordSpec<'a>),
    Macro(&'a str),
}

#[derive(Clone, Debug)]
pub struct PatternSpec<'a> {
    /// Shared by every pattern of its `[CODE]` block.
    code: Arc<str>,
    steps: Vec<(StepSpec<'a>, bool)>,
    not: Vec<StepSpec<'a>>,
    with: Vec<StepSpec<'a>>,
    origin: PatternOrigin,
}

/// Macros by name, with the `file:line` of their definition.
type Macros<'a> = FxHashMap<&'a str, (AltsSpec<'a>, String)>;

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
/// milliseconds. The pattern's text is a span of its file's text, which
/// every pattern of the file shares.
#[derive(Clone, Debug)]
pub struct PatternOrigin {
    pub file: Arc<str>,
    pub line: usize,
    source: Arc<str>,
    span: (u32, u32),
}

impl PatternOrigin {
    /// The pattern as written.
    pub fn text(&self) -> &str {
        &self.source[self.span.0 as usize..self.span.1 as usize]
    }
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
    pub code: Arc<str>,
    pub steps: Box<[Step]>,
    pub not: Constraint,
    pub with: Constraint,
    /// `file:line` and the pattern as written, for `--explain`.
    pub origin: PatternOrigin,
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

/// What parsing one pattern file yields.
#[derive(Default)]
struct FileParse<'a> {
    specs: Vec<PatternSpec<'a>>,
    macros: Macros<'a>,
    errors: Vec<DictError>,
    used: Vec<Used<'a>>,
    seen: FxHashSet<Used<'a>>,
}

impl<'a> FileParse<'a> {
    fn push_pattern(&mut self, origin: PatternOrigin, t: &'a str, code: &Option<Arc<str>>) {
        let Some(code) = code else {
            self.errors.push(DictError::new(
                &origin.file,
                origin.line,
                "pattern before the first `[CODE]` block (or under an invalid code)",
            ));
            return;
        };
        let (steps, not, with) = match parse_pattern(t) {
            Ok(parsed) => parsed,
            Err(msg) => return self.errors.push(DictError::new(&origin.file, origin.line, msg)),
        };
        for step in steps.iter().map(|(st, _)| st).chain(&not).chain(&with) {
            match step {
                StepSpec::Word(w) => self.note(Used::Word(w.clone())),
                StepSpec::Words(alts) => alts.iter().flatten().for_each(|w| self.note(Used::Word(w.clone()))),
                StepSpec::Macro(name) => self.note(Used::Macro(name)),
                StepSpec::Gap | StepSpec::Target | StepSpec::Source => {}
            }
        }
        self.specs.push(PatternSpec { code: code.clone(), steps, not, with, origin });
    }

    fn note(&mut self, used: Used<'a>) {
        if self.seen.insert(used.clone()) {
            self.used.push(used);
        }
    }
}

/// Pattern files parsed but not yet compiled; they borrow the files' text.
pub struct ParsedPatterns<'a> {
    specs: Vec<PatternSpec<'a>>,
    macros: Macros<'a>,
    errors: Vec<DictError>,
    /// What each file uses, files in order.
    used: Vec<Used<'a>>,
}

impl<'a> ParsedPatterns<'a> {
    /// Lists every distinct word in the order the patterns first use it
    /// (the first lemma to claim an inflected form keeps it) and inflects
    /// them, in parallel. Needs no lexicon, so it can run while the actor
    /// stage fills one.
    pub fn prepare(self) -> PreparedPatterns<'a> {
        let mut order: Vec<WordSpec<'a>> = Vec::new();
        let mut used_macros: FxHashSet<&'a str> = FxHashSet::default();
        let mut seen: FxHashSet<&WordSpec<'a>> = FxHashSet::default();
        for item in &self.used {
            // A word, or the words of a macro the first time it is used.
            let (word, alts) = match item {
                Used::Word(w) => (Some(w), None),
                Used::Macro(name) if used_macros.insert(name) => (None, self.macros.get(name).map(|(alts, _)| alts)),
                Used::Macro(_) => (None, None),
            };
            for w in word.into_iter().chain(alts.into_iter().flatten().flatten()) {
                if seen.insert(w) {
                    order.push(w.clone());
                }
            }
        }
        drop(seen);
        let forms = order.par_iter().map(|w| if w.exact { Vec::new() } else { dyad_text::inflect::inflections(&w.word) }).collect();
        PreparedPatterns { specs: self.specs, macros: self.macros, errors: self.errors, order, forms, used_macros }
    }
}

/// Parsed patterns with their words listed and inflected.
pub struct PreparedPatterns<'a> {
    specs: Vec<PatternSpec<'a>>,
    macros: Macros<'a>,
    errors: Vec<DictError>,
    order: Vec<WordSpec<'a>>,
    /// The inflections of each word of `order`.
    forms: Vec<Vec<String>>,
    used_macros: FxHashSet<&'a str>,
}

impl<'a> PreparedPatterns<'a> {
    /// Compiles the patterns. Their words are interned in `lexicon` first,
    /// one at a time (the lexicon is shared); the patterns themselves then
    /// compile in parallel against the finished word table.
    pub fn compile(self, lexicon: &mut LexiconBuilder) -> Result<CompiledPatterns<'a>, DictErrors> {
        let mut syms: WordSyms = FxHashMap::default();
        syms.reserve(self.order.len());
        lexicon.reserve(self.order.len() + self.forms.iter().map(Vec::len).sum::<usize>());
        for (w, forms) in self.order.iter().zip(self.forms) {
            let sym = if w.exact { lexicon.intern(&w.word) } else { lexicon.add_lemma_with(&w.word, forms) };
            syms.insert((&w.word, w.exact), (sym, AltSet::new(vec![Box::new([(sym, w.exact)])])));
        }
        let macros: FxHashMap<&str, Arc<AltSet>> = self
            .macros
            .iter()
            .filter(|(name, _)| self.used_macros.contains(*name))
            .map(|(name, (alts, _))| (*name, AltSet::new(compile_alts(alts, &syms))))
            .collect();
        let compiled: Vec<Result<Pattern, DictError>> = self
            .specs
            .par_iter()
            .map(|spec| compile(spec, &macros, &syms).map_err(|msg| DictError::new(&spec.origin.file, spec.origin.line, msg)))
            .collect();
        drop((macros, syms));
        let mut errors = self.errors;
        let mut patterns = Vec::with_capacity(compiled.len());
        for result in compiled {
            match result {
                Ok(p) => patterns.push(p),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(CompiledPatterns { patterns, parsed: (self.specs, self.macros, self.order) })
        } else {
            Err(DictErrors(errors))
        }
    }
}

/// Compiled patterns, not yet indexed; indexing needs no lexicon, so it
/// can run while the actor stage fills it.
pub struct CompiledPatterns<'a> {
    patterns: Vec<Pattern>,
    /// What the patterns were compiled from, to be freed.
    parsed: (Vec<PatternSpec<'a>>, Macros<'a>, Vec<WordSpec<'a>>),
}

impl CompiledPatterns<'_> {
    pub fn index(self) -> PatternSet {
        // The parsed patterns (a hundred thousand small allocations) are
        // freed on another thread meanwhile.
        let parsed = self.parsed;
        rayon::join(|| PatternSet::new(self.patterns), || drop(parsed)).0
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
        Ok(PatternSet::parse(set, cameo).prepare().compile(lexicon)?.index())
    }

    /// Parses the pattern files, in parallel: parsing needs no lexicon, so
    /// it can run beside the actor dictionaries' (load time is a target).
    pub fn parse<'a>(set: &'a DictSet, cameo: &CameoTable) -> ParsedPatterns<'a> {
        let files: Vec<_> = set.files_under("events/").filter(|f| f.path != "events/derived.txt").collect();
        let parts: Vec<FileParse> = files
            .par_iter()
            .map(|file| {
                let mut part = FileParse::default();
                parse_file(&Arc::from(file.origin.as_str()), &file.text, cameo, &mut part);
                part
            })
            .collect();
        let mut parsed = ParsedPatterns {
            specs: Vec::with_capacity(parts.iter().map(|p| p.specs.len()).sum()),
            macros: FxHashMap::default(),
            errors: Vec::new(),
            used: Vec::with_capacity(parts.iter().map(|p| p.used.len()).sum()),
        };
        for FileParse { specs, macros, errors, used, seen: _ } in parts {
            parsed.specs.extend(specs);
            parsed.errors.extend(errors);
            parsed.used.extend(used);
            let mut macros: Vec<_> = macros.into_iter().collect();
            macros.sort_by(|a, b| a.1 .1.cmp(&b.1 .1));
            for (name, (alts, origin)) in macros {
                if let Some((_, first)) = parsed.macros.get(name) {
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
        // order, about four per pattern.
        let mut entries: Vec<(Sym, Sym, u32)> = Vec::with_capacity(patterns.len() * 4);
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
        // Bucketed by first word with a counting sort over the dense symbol
        // numbers (stable, so each bucket stays in pattern order), then each
        // small bucket sorted by key. Grouping through a hash map of 40,000
        // (first, key) pairs cost twice as much.
        let buckets = entries.iter().map(|e| e.0.index() + 1).max().unwrap_or(0);
        let mut starts = vec![0u32; buckets + 1];
        for e in &entries {
            starts[e.0.index() + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut cursor = starts.clone();
        let mut by_bucket = vec![(Sym::UNKNOWN, 0u32); entries.len()];
        for &(first, key, id) in &entries {
            by_bucket[cursor[first.index()] as usize] = (key, id);
            cursor[first.index()] += 1;
        }
        let firsts = starts.windows(2).filter(|w| w[0] < w[1]).count();
        let mut by_first: FxHashMap<Sym, FirstIndex> = FxHashMap::with_capacity_and_hasher(firsts, Default::default());
        let mut ids = Vec::with_capacity(entries.len());
        for (first, w) in starts.windows(2).enumerate() {
            let bucket = &mut by_bucket[w[0] as usize..w[1] as usize];
            if bucket.is_empty() {
                continue;
            }
            // (key, id) pairs are distinct, so this keeps pattern order
            // within a key; patterns with no key (UNKNOWN) sort last.
            bucket.sort_unstable();
            let runs = 1 + bucket.windows(2).filter(|p| p[0].0 != p[1].0).count();
            let mut index =
                FirstIndex { always: IdRange::default(), by_key: FxHashMap::with_capacity_and_hasher(runs, Default::default()) };
            for run in bucket.chunk_by(|a, b| a.0 == b.0) {
                let range = IdRange { start: ids.len() as u32, end: (ids.len() + run.len()) as u32 };
                ids.extend(run.iter().map(|&(_, id)| id));
                if run[0].0.is_known() {
                    index.by_key.insert(run[0].0, range);
                } else {
                    index.always = range;
                }
            }
            by_first.insert(Sym(first as u32), index);
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
            *counts.entry(&p.code).or_default() += 1;
        }
        counts
    }
}

fn parse_file<'a>(file: &Arc<str>, source: &'a Arc<str>, cameo: &CameoTable, part: &mut FileParse<'a>) {
    let mut code: Option<Arc<str>> = None;
    for line in lines(source) {
        let t = line.text;
        let err = |msg: String| DictError::new(file, line.number, msg);
        let origin = || {
            let start = t.as_ptr() as usize - source.as_ptr() as usize;
            PatternOrigin { file: file.clone(), line: line.number, source: source.clone(), span: (start as u32, (start + t.len()) as u32) }
        };
        if let Some(rest) = t.strip_prefix('@') {
            let Some((name, body)) = rest.split_once('=') else {
                // A pattern may start with a macro ("@talks collapse").
                if code.is_some() {
                    part.push_pattern(origin(), t, &code);
                } else {
                    part.errors.push(err(format!("macro {t:?} needs `= alternative | alternative`")));
                }
                continue;
            };
            let name = name.trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                part.errors.push(err(format!("bad macro name {name:?}")));
                continue;
            }
            match parse_alternatives(body) {
                Ok(alts) if !alts.is_empty() => {
                    if let Some((_, first)) = part.macros.get(name) {
                        part.errors.push(err(format!("macro @{name} is already defined at {first}")));
                    } else {
                        part.macros.insert(name, (alts, format!("{file}:{}", line.number)));
                    }
                }
                Ok(_) => part.errors.push(err(format!("macro @{name} has no alternatives"))),
                Err(msg) => part.errors.push(err(msg)),
            }
            continue;
        }
        if t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let Some(close) = t.find(']') else {
                part.errors.push(err("unbalanced bracket: `[` without `]`".to_string()));
                continue;
            };
            let c = t[1..close].trim();
            let file_root = root_of_file(file);
            match cameo.get(c) {
                Some(info) if file_root.is_some_and(|r| r != info.root) => {
                    let root = file_root.unwrap_or_default();
                    part.errors.push(err(format!("code {c:?} is not under root {root}, the root this file is named for")));
                    code = None;
                }
                Some(info) if info.code.len() > 2 => code = Some(Arc::from(c)),
                Some(_) => {
                    part.errors.push(err(format!("code {c:?} is a root heading; use one of its three- or four-digit codes")));
                    code = None;
                }
                None => {
                    part.errors.push(err(format!("unknown CAMEO code {c:?}")));
                    code = None;
                }
            }
            continue;
        }
        part.push_pattern(origin(), t, &code);
    }
}

/// The CAMEO root a pattern file is named for ("events/04-consult.txt" ->
/// "04"); files named otherwise may hold any code.
fn root_of_file(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let root = name.get(..2)?;
    (root.bytes().all(|b| b.is_ascii_digit()) && name[2..].starts_with('-')).then_some(root)
}

/// Splits a pattern line into raw items, keeping quoted words, `(...)` and
/// `[...]` groups whole.
fn split_items(t: &str) -> Result<Vec<&str>, String> {
    let mut items = Vec::with_capacity(8);
    let mut start: Option<usize> = None;
    let mut depth_paren = 0i32;
    let mut depth_bracket = 0i32;
    let mut in_quote = false;
    // Every delimiter is ASCII, so bytes do; a multi-byte character never
    // contains an ASCII byte.
    for (i, c) in t.bytes().enumerate() {
        match c {
            b'"' => in_quote = !in_quote,
            b'(' if !in_quote => depth_paren += 1,
            b')' if !in_quote => depth_paren -= 1,
            b'[' if !in_quote => depth_bracket += 1,
            b']' if !in_quote => depth_bracket -= 1,
            _ => {}
        }
        if depth_paren < 0 {
            return Err("unbalanced parenthesis: `)` without `(`".into());
        }
        if depth_bracket < 0 {
            return Err("unbalanced bracket: `]` without `[`".into());
        }
        if c.is_ascii_whitespace() && !in_quote && depth_paren == 0 && depth_bracket == 0 {
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

type Parsed<'a> = (Vec<(StepSpec<'a>, bool)>, Vec<StepSpec<'a>>, Vec<StepSpec<'a>>);

fn parse_pattern(t: &str) -> Result<Parsed<'_>, String> {
    let items = split_items(t)?;
    let mut steps = Vec::with_capacity(items.len());
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
                    StepSpec::Word(word) => plain.push(vec![word]),
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
        Some((StepSpec::Word(_) | StepSpec::Words(_) | StepSpec::Macro(_), false)) => {}
        Some(_) => return Err("a pattern must start with a word, alternatives or a macro (not `*`, `+` or an optional word)".into()),
    }
    if matches!(steps.last(), Some((StepSpec::Gap, _))) {
        return Err("a pattern cannot end with `*`".into());
    }
    Ok((steps, not, with))
}

fn parse_step(item: &str) -> Result<StepSpec<'_>, String> {
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
        return Ok(StepSpec::Macro(name));
    }
    if let Some(word) = plain_word(item)? {
        return Ok(StepSpec::Word(word));
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

/// The text of `raw` without its quotes, and whether it was quoted
/// (must match exactly).
fn unquote(raw: &str) -> Result<(&str, bool), String> {
    match raw.strip_prefix('"') {
        Some(rest) => Ok((rest.strip_suffix('"').ok_or_else(|| format!("quoted word {raw:?} never closes"))?, true)),
        None => Ok((raw, false)),
    }
}

/// The word `raw` is when it is one lower-case word (perhaps quoted),
/// borrowed; `None` when it needs the tokenizer.
fn plain_word(raw: &str) -> Result<Option<WordSpec<'_>>, String> {
    let (text, exact) = unquote(raw)?;
    Ok((!text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase())).then_some(WordSpec { word: Cow::Borrowed(text), exact }))
}

fn parse_words(raw: &str) -> Result<Vec<WordSpec<'_>>, String> {
    if let Some(word) = plain_word(raw)? {
        return Ok(vec![word]);
    }
    let (text, exact) = unquote(raw)?;
    if text.contains(['(', ')', '[', ']', '"']) {
        return Err(format!("unexpected bracket or quote in {raw:?}"));
    }
    let words: Vec<WordSpec> = phrase_tokens(text).into_iter().map(|(word, _)| WordSpec { word: Cow::Owned(word), exact }).collect();
    if words.is_empty() {
        return Err(format!("no word in {raw:?}"));
    }
    Ok(words)
}

/// `alt | two words | "exact"` as a macro body.
fn parse_alternatives(body: &str) -> Result<AltsSpec<'_>, String> {
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

fn sym_of(w: &WordSpec, syms: &WordSyms) -> Sym {
    syms.get(&(&*w.word, w.exact)).map_or(Sym::UNKNOWN, |(sym, _)| *sym)
}

fn compile_alts(alts: &AltsSpec, syms: &WordSyms) -> Vec<Alt> {
    alts.iter().map(|seq| seq.iter().map(|w| (sym_of(w, syms), w.exact)).collect()).collect()
}

fn resolve_alts(step: &StepSpec, macros: &FxHashMap<&str, Arc<AltSet>>, syms: &WordSyms) -> Result<Arc<AltSet>, String> {
    match step {
        StepSpec::Word(w) => match syms.get(&(&*w.word, w.exact)) {
            Some((_, set)) => Ok(set.clone()),
            None => Ok(AltSet::new(vec![Box::new([(Sym::UNKNOWN, w.exact)])])),
        },
        StepSpec::Words(alts) => Ok(AltSet::new(compile_alts(alts, syms))),
        StepSpec::Macro(name) => macros.get(name).cloned().ok_or_else(|| format!("unknown macro @{name}")),
        StepSpec::Gap | StepSpec::Target | StepSpec::Source => Err("`*`, `+` and `$` cannot be constraints".into()),
    }
}

fn compile(spec: &PatternSpec, macros: &FxHashMap<&str, Arc<AltSet>>, syms: &WordSyms) -> Result<Pattern, String> {
    let mut steps = Vec::with_capacity(spec.steps.len());
    let mut required = Vec::new();
    let mut weight = 0;
    for (i, (step, optional)) in spec.steps.iter().enumerate() {
        steps.push(match step {
            StepSpec::Gap => Step::Gap,
            StepSpec::Target => Step::Target,
            StepSpec::Source => Step::Source,
            words => {
                let set = resolve_alts(words, macros, syms)?;
                if !optional {
                    weight += 1;
                    if i > 0 {
                        required.push(set.clone());
                    }
                }
                Step::Words { set, optional: *optional }
            }
        });
    }
    let constraint = |list: &[StepSpec]| -> Result<Constraint, String> {
        list.iter().map(|s| resolve_alts(s, macros, syms)).collect::<Result<Vec<_>, _>>().map(Constraint::new)
    };
    Ok(Pattern {
        required: required.into_boxed_slice(),
        code: spec.code.clone(),
        steps: steps.into_boxed_slice(),
        not: constraint(&spec.not)?,
        with: constraint(&spec.with)?,
        origin: spec.origin.clone(),
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
        assert_eq!(set.patterns[2].origin.text(), "@talks collapse");
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

    #[test]
    fn a_code_must_be_under_the_root_its_file_is_named_for() {
        let cameo = CameoTable::load(&DictSet::builtin()).unwrap();
        let file = |path: &str| DictFile { path: path.into(), origin: path.into(), text: "[051]\npraise\n".into() };
        let set = DictSet::from_files(vec![file("events/04-consult.txt"), file("events/mine.txt")]);
        let err = PatternSet::load(&set, &cameo, &mut LexiconBuilder::new()).map_err(|e| e.to_string()).unwrap_err();
        // (Its patterns are then reported as under no valid code.)
        assert_eq!(
            err.lines().next().unwrap_or_default(),
            "events/04-consult.txt:1: code \"051\" is not under root 04, the root this file is named for"
        );
        assert_eq!((root_of_file("my/events/19-fight.txt"), root_of_file("events/t.txt")), (Some("19"), None));
    }
}
