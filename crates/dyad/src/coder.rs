//! The pipeline over one document: units -> sentences -> tokens -> actor
//! mentions -> events, then document-level work (headline dates, merging
//! repeated events).

use std::cell::Cell;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use dyad_actors::{Actor, ActorDictionary, Actors};
use dyad_dict::{DictErrors, DictSet};
use dyad_events::analysis::{analyze, Draft, Memory, SentenceIn};
use dyad_events::dates::{self, Precision};
use dyad_events::event::{ActorRef, Event, Explanation, Quote, Span};
use dyad_events::tree::TokenTree;
use dyad_events::{EventStage, ParsedEvents};
use dyad_geo::locate::Geo;
use dyad_text::sentences::split;
use dyad_text::tokens::tokenize;
use dyad_text::units::units;
use dyad_text::{Document, Lexicon, LexiconBuilder, Token};

use crate::ahead::{ReadAhead, ReadSentence};
use crate::located::Places;
use crate::syntax::{one_line, parse_sentence, parse_sentences, token_tree, ParsedSentence};
use dyad_syntax::Syntax;

/// Options for one coding run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Attach the pattern, dictionary entries and modality cue to each
    /// event.
    pub explain: bool,
    /// Also output acts whose actor the text does not name ("five people
    /// were killed"): one-sided events with an empty source. Off by
    /// default, as the codebook does not code casualties without an actor
    /// and dyad counts are about who acted.
    pub sourceless: bool,
}

/// A loaded coder: lexicon plus actor and event stages. Cheap to share
/// between threads.
pub struct Coder {
    lexicon: Lexicon,
    actors: Actors,
    events: EventStage,
    /// Loaded on first use: only parsing (`parse`, `--explain`) needs it,
    /// so coding alone does not pay for the model's load.
    syntax: OnceLock<Syntax>,
    geo: Geo,
}

impl Coder {
    /// The coder built from the dictionaries compiled into the binary.
    pub fn builtin() -> Result<Coder, DictErrors> {
        Coder::load(&DictSet::builtin())
    }

    /// Builds a coder; every dictionary problem is reported, not only the
    /// first.
    pub fn load(set: &DictSet) -> Result<Coder, DictErrors> {
        // The gazetteer needs no lexicon: it loads beside everything else.
        let (stages, geo) = rayon::join(|| Coder::load_stages(set), || Geo::load(set));
        match (stages, geo) {
            (Ok((lexicon, actors, events)), Ok(geo)) => Ok(Coder { lexicon, actors, events, geo, syntax: OnceLock::new() }),
            (s, g) => Err(DictErrors(
                s.err().map(|e| e.0).unwrap_or_default().into_iter().chain(g.err().map(|e| e.0).unwrap_or_default()).collect(),
            )),
        }
    }

    fn load_stages(set: &DictSet) -> Result<(Lexicon, Actors, EventStage), DictErrors> {
        // The pattern files parse and inflect their words first, on both
        // cores. Interning the pattern words is sequential (the lexicon is
        // shared), so the actor files parse beside it; the actor words are
        // then interned while the pattern index is built, which needs no
        // lexicon.
        let prepared_events = EventStage::parse(set).map(ParsedEvents::prepare);
        let mut lexicon = LexiconBuilder::new();
        let (compiled_events, actor_dict) =
            rayon::join(|| prepared_events.and_then(|p| p.compile(&mut lexicon)), || ActorDictionary::load(set));
        let (events, actors) = rayon::join(|| compiled_events.map(|e| e.index()), || actor_dict.map(|d| Actors::compile(d, &mut lexicon)));
        match (actors, events) {
            (Ok(actors), Ok(events)) => Ok((lexicon.build(), actors, events)),
            (a, e) => {
                let mut errors = Vec::new();
                if let Err(x) = a {
                    errors.extend(x.0);
                }
                if let Err(x) = e {
                    errors.extend(x.0);
                }
                Err(DictErrors(errors))
            }
        }
    }

    pub fn actors(&self) -> &Actors {
        &self.actors
    }

    pub fn events(&self) -> &EventStage {
        &self.events
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn geo(&self) -> &Geo {
        &self.geo
    }

    pub fn syntax(&self) -> &Syntax {
        self.syntax.get_or_init(dyad_syntax::builtin::builtin)
    }

    /// Replaces the built-in parser model (`--parser-model`).
    pub fn set_syntax(&mut self, syntax: Syntax) {
        self.syntax = OnceLock::from(syntax);
    }

    /// Every sentence of the document with its dependency parse.
    pub fn parse(&self, doc: &Document) -> Vec<ParsedSentence> {
        let spans: Vec<(usize, usize)> = sentences(&doc.text).iter().map(|s| (s.start, s.end)).collect();
        parse_sentences(self.syntax(), &doc.text, &spans)
    }

    pub fn code(&self, doc: &Document) -> Vec<Event> {
        self.code_with(doc, Options::default())
    }

    pub fn code_with(&self, doc: &Document, options: Options) -> Vec<Event> {
        crate::guard::inject_fault(doc);
        let spans = sentences(&doc.text);
        let mut run = Run::new(self, doc, options);
        for (s, read) in spans.iter().zip(ReadAhead::new(self, doc, &spans)) {
            run.sentence(read, s.unit, s.headline, s.start, s.end);
        }
        run.finish()
    }

    /// The codes of every actor mention in the document (for measuring
    /// actor recognition apart from event coding).
    pub fn actor_codes(&self, doc: &Document) -> Vec<String> {
        let (mut tokens, mut spans, mut mentions) = (Vec::new(), Vec::new(), Vec::new());
        let mut out = Vec::new();
        for s in sentences(&doc.text) {
            tokens.clear();
            mentions.clear();
            tokenize(&doc.text, s.start, s.end, &self.lexicon, &mut spans, &mut tokens);
            self.actors.mentions(&tokens, doc.date, &mut mentions);
            out.extend(mentions.iter().flat_map(|m| m.members.iter().map(|a| a.code.to_string())));
        }
        out
    }

    /// Tokens of a text fragment, for tools that inspect the lexicon.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &self.lexicon, &mut Vec::new(), &mut out);
        out
    }
}

/// A sentence of a document: its unit and byte range.
pub struct SentenceSpan {
    pub unit: usize,
    pub headline: bool,
    pub start: usize,
    pub end: usize,
}

/// The sentences of a text in reading order.
pub fn sentences(text: &str) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for (unit_index, unit) in units(text).iter().enumerate() {
        spans.clear();
        split(text, unit.start, unit.end, &mut spans);
        out.extend(spans.iter().map(|&(start, end)| SentenceSpan { unit: unit_index, headline: unit.headline, start, end }));
    }
    out
}

/// Per-sentence facts kept for document-level passes.
struct SentenceInfo {
    unit: usize,
    headline: bool,
    date: Option<(NaiveDate, Precision)>,
}

struct Run<'a> {
    coder: &'a Coder,
    doc: &'a Document,
    options: Options,
    tokens: Vec<Token>,
    mentions: Vec<dyad_actors::Mention>,
    drafts: Vec<Draft>,
    memory: Memory,
    events: crate::passes::Merged,
    sentences: Vec<SentenceInfo>,
    /// A headline has events and its lead's date is not read yet.
    headline_waiting: bool,
    /// Byte and character position of the last sentence start, so offsets
    /// are counted incrementally.
    cursor: (usize, usize),
    places: Places,
}

impl<'a> Run<'a> {
    fn new(coder: &'a Coder, doc: &'a Document, options: Options) -> Run<'a> {
        Run {
            coder,
            doc,
            options,
            tokens: Vec::new(),
            mentions: Vec::new(),
            drafts: Vec::new(),
            memory: Memory::default(),
            events: Default::default(),
            sentences: Vec::new(),
            headline_waiting: false,
            cursor: (0, 0),
            places: Places::default(),
        }
    }

    /// Codes one sentence, as read ahead (`ahead.rs`).
    fn sentence(&mut self, read: ReadSentence, unit: usize, headline: bool, start: usize, end: usize) {
        let text = self.doc.text.as_str();
        let coder = self.coder;
        (self.tokens, self.mentions) = (read.tokens, read.mentions);
        self.drafts.clear();
        // Only a sentence that names an actor can give an event with a
        // named role; the others never reach the parser. A tree parsed
        // ahead is the one this would parse.
        let tokens = &self.tokens;
        let ready = Cell::new(read.tree);
        let parse = || ready.take().unwrap_or_else(|| token_tree(coder.syntax(), text, tokens));
        let parse: Option<&dyn Fn() -> TokenTree> = (!self.mentions.is_empty()).then_some(&parse);
        let input = SentenceIn { text, tokens, mentions: &self.mentions, date: self.doc.date, parse };
        analyze(&coder.events, &input, &mut self.memory, &mut self.drafts);
        self.places.sentence(&coder.geo, text, &self.tokens, &self.mentions, unit, headline);
        // Dates are read where they are used: for this sentence's events, or
        // for a lead whose headline has events waiting for a date.
        let needed = !self.drafts.is_empty() || (!headline && self.headline_waiting);
        let found = if needed { dates::find(text, &self.tokens, self.doc.date, &coder.events.date_words) } else { None };
        if !headline && needed {
            self.headline_waiting = false;
        }
        let index = self.sentences.len();
        self.sentences.push(SentenceInfo { unit, headline, date: found.map(|d| (d.date, d.precision)) });
        if self.drafts.is_empty() {
            return;
        }
        self.headline_waiting |= headline;
        self.cursor = (start, self.cursor.1 + text[self.cursor.0..start].chars().count());
        let drafts = std::mem::take(&mut self.drafts);
        let sentence: Arc<str> = Arc::from(&text[start..end]);
        // The parse shown by --explain, once for all the sentence's events.
        let parse = self.options.explain.then(|| {
            let syntax = coder.syntax();
            one_line(syntax, text, &parse_sentence(syntax, text, start, end))
        });
        for draft in drafts.iter().filter(|d| d.source.is_some() || self.options.sourceless) {
            if let Some(event) = self.event(draft, index, headline, &sentence, parse.as_deref(), found) {
                if self.events.push(event, index, unit, !headline || found.is_some()) {
                    self.places.event(draft);
                }
            }
        }
        self.drafts = drafts;
    }

    /// The character offset of a byte offset of the document. Counted
    /// from the current sentence's start, forwards or (for an actor named
    /// in an earlier sentence) backwards.
    fn char_at(&self, byte: usize) -> usize {
        let (b, c) = self.cursor;
        if byte >= b {
            c + self.doc.text[b..byte].chars().count()
        } else {
            c - self.doc.text[byte..b].chars().count()
        }
    }

    fn byte_span(&self, start: usize, end: usize) -> Span {
        Span { text: self.doc.text[start..end].to_string(), start: self.char_at(start), end: self.char_at(end) }
    }

    fn span(&self, from_tok: usize, to_tok: usize) -> Span {
        self.byte_span(self.tokens[from_tok].start as usize, self.tokens[to_tok.max(from_tok + 1) - 1].end as usize)
    }

    /// An actor's evidence is its own byte span, which stays valid when
    /// the actor was named in another sentence. An actor the text implies
    /// but does not name (a protest's own government) has an empty span at
    /// the act.
    fn actor_ref(&self, a: &Actor) -> ActorRef {
        let span = self.byte_span(a.start, a.end);
        ActorRef {
            code: a.code.clone(),
            country: a.country.clone(),
            sector: a.sector.clone(),
            name: a.name.clone(),
            text: span.text,
            start: span.start,
            end: span.end,
        }
    }

    fn entry_origin(&self, a: &Actor) -> Option<String> {
        let dict = &self.coder.actors.dict;
        if let Some(e) = a.entry {
            let entry = &dict.actors[e];
            return Some(match a.role.and_then(|r| entry.roles.get(r)) {
                Some(role) => format!("{} ({} {} {})", role.origin, entry.name, role.code, role.range_text()),
                None => format!("{} ({})", entry.origin, entry.name),
            });
        }
        a.agent.map(|g| format!("{} (role noun {:?})", dict.agents[g].origin, dict.agents[g].phrase))
    }

    fn event(
        &self,
        d: &Draft,
        sentence_index: usize,
        headline: bool,
        sentence: &Arc<str>,
        parse: Option<&str>,
        found: Option<dates::DateMention>,
    ) -> Option<Event> {
        let stage = &self.coder.events;
        let info = stage.cameo.get(&d.code)?;
        let (date, date_precision) = match (found, self.doc.date) {
            (Some(f), _) => (Some(f.date), f.precision),
            (None, doc) => (doc, Precision::Document),
        };
        let explain = self.options.explain.then(|| {
            let describe = |p: &dyad_events::patterns::Pattern| format!("{} [{}] {}", p.origin, p.code, p.origin.text());
            Explanation {
                pattern: match d.pattern {
                    Some(p) => describe(&stage.patterns.patterns[p as usize]),
                    None => "rule: what a speaker says another actor must (demand) or should (appeal) do".to_string(),
                },
                governor: d.governor.map(|g| describe(&stage.patterns.patterns[g as usize])),
                source_entry: d.source.as_ref().and_then(|a| self.entry_origin(a)),
                target_entry: d.target.as_ref().and_then(|a| self.entry_origin(a)),
                modality_cue: d.cue.map(|(a, b)| self.span(a, b).text),
                source_rule: d.source_rule.map(str::to_string),
                target_rule: d.target_rule.map(str::to_string),
                location_rule: None,
                parse: parse.map(str::to_string),
            }
        });
        Some(Event {
            doc_id: self.doc.id.clone(),
            sentence_index,
            sentence: Arc::clone(sentence),
            date,
            date_precision,
            source: d.source.as_ref().map(|a| self.actor_ref(a)),
            target: d.target.as_ref().map(|a| self.actor_ref(a)),
            cameo: info.code.clone(),
            root: info.root.clone(),
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            plover: info.plover.clone(),
            action: self.span(d.act_start, d.act_end),
            modality: d.modality,
            quote: d.quoted.map(|(a, b)| Quote { speaker: d.speaker.as_ref().map(|s| self.actor_ref(s)), text: self.span(a, b).text }),
            mentions: 1,
            headline,
            location: None,
            explain,
        })
    }

    /// Document-level passes: a headline without a date takes its lead's,
    /// and one (source, target, code, date, modality) is one event with its
    /// mentions counted.
    fn finish(mut self) -> Vec<Event> {
        self.places.locate(&self.coder.geo, &self.doc.text, self.events.events_mut());
        let units: Vec<(usize, bool)> = self.sentences.iter().map(|s| (s.unit, s.headline)).collect();
        let leads = crate::passes::leads(&units);
        let sentences = &self.sentences;
        self.events.finish(|s| leads[s].and_then(|lead| sentences[lead].date))
    }
}
