//! One gazetteer, lexicon and actor stage shared by the unit tests.

use std::sync::OnceLock;

use dyad_actors::Actors;
use dyad_dict::DictSet;
use dyad_text::tokens::tokenize;
use dyad_text::{Lexicon, LexiconBuilder, Token};

use crate::gazetteer::Gazetteer;
use crate::locate::SentencePlaces;
use crate::mentions::{place_mentions, Dep, PlaceMention, SentenceView};

pub struct Fixture {
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
    pub actors: Actors,
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let set = DictSet::builtin();
        let mut lexicon = LexiconBuilder::new();
        let actors = Actors::load(&set, &mut lexicon).expect("built-in actors load");
        Fixture { gazetteer: Gazetteer::load(&set).expect("built-in places load"), lexicon: lexicon.build(), actors }
    })
}

pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize(text, 0, text.len(), &fixture().lexicon, &mut Vec::new(), &mut out);
    out
}

/// The place mentions of one sentence, with its actors found as the coder
/// finds them.
pub fn sentence_places(text: &str, deps: Option<&[Dep]>) -> Vec<PlaceMention> {
    let f = fixture();
    let tokens = tokens(text);
    let mut actors = Vec::new();
    f.actors.mentions(&tokens, None, &mut actors);
    let view = SentenceView { text, tokens: &tokens, actors: &actors, deps };
    let mut out = Vec::new();
    place_mentions(&f.gazetteer, &view, &mut out);
    out
}

/// One sentence read as the coder reads it, in paragraph `unit`.
pub fn sentence_read(text: &str, unit: usize) -> SentencePlaces {
    let f = fixture();
    let tokens = tokens(text);
    let mut actors = Vec::new();
    f.actors.mentions(&tokens, None, &mut actors);
    SentencePlaces::read(&f.gazetteer, &SentenceView { text, tokens: &tokens, actors: &actors, deps: None }, unit, false)
}
