//! The location of one event.
//!
//! In order: the place a strike landed on when its target is a place name;
//! the most specific place its sentence gives as a site ("in Doha");
//! the acting state's own country when the act is one done at home
//! (`places/home-acts.txt`: sanctions and withdrawals are decided at home,
//! arrests are made at home when the people arrested are the state's own),
//! unless the paragraph or the parties' venue names a place in that
//! country; the place its paragraph gives (a meeting's city for what was
//! agreed at it); the venue where the act's parties met, named elsewhere
//! in the article ([`crate::scene`]); else none. Statements, appeals,
//! demands, accusations, rejections and threats are placed only where the
//! sentence says they were made, or where their speaker is on a visit: a
//! place named further on belongs to what they are about. A name with
//! several readings takes the one in the event's countries, then in the
//! document's, then the most populous.

use dyad_dict::{DictError, DictErrors, DictSet};
use rustc_hash::FxHashSet;

use crate::gazetteer::{fold_key, Gazetteer, Place};
use crate::mentions::{place_mentions, PlaceMention, SentenceView, Strength, Words, COORDINATED, PLACE_VISITED};
use crate::scene;

pub const HOME_ACTS: &str = "places/home-acts.txt";

/// CAMEO codes (prefixes) of verbal acts: said somewhere, about something
/// elsewhere. Praise and thanks (051) are said too.
const VERBAL_CODES: &[&str] = &["01", "02", "051", "10", "11", "12", "13"];
/// How far after a verbal act a place may name where it was made ("said
/// in Doha on Sunday").
const VERBAL_REACH: usize = 3;

/// Where an act listed in `home-acts.txt` is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    /// Decided at home whoever the target is (sanctions, withdrawals).
    Decision,
    /// Done at home to the state's own people (arrests, curfews).
    Domestic,
}

/// The gazetteer and the list of acts done on the actor's own territory.
pub struct Geo {
    pub gazetteer: Gazetteer,
    /// CAMEO code prefixes ("17", "0841") and where their acts are done.
    home_acts: Vec<(String, Home)>,
}

impl Geo {
    pub fn load(set: &DictSet) -> Result<Geo, DictErrors> {
        let home_acts = parse_home_acts(set);
        match (Gazetteer::load(set), home_acts) {
            (Ok(gazetteer), Ok(home_acts)) => Ok(Geo { gazetteer, home_acts }),
            (g, h) => Err(DictErrors(g.err().map(|e| e.0).unwrap_or_default().into_iter().chain(h.err().unwrap_or_default()).collect())),
        }
    }

    /// The acting state's country when the act is done at home.
    fn home_country<'a>(&self, act: &Act<'a>) -> Option<&'a str> {
        let source = act.source_country?;
        let (_, home) = self.home_acts.iter().filter(|(p, _)| act.code.starts_with(p.as_str())).max_by_key(|(p, _)| p.len())?;
        match home {
            Home::Decision => Some(source),
            Home::Domestic => act.target_country.is_none_or(|t| t == source).then_some(source),
        }
    }
}

/// `code kind` per line (kind `decision` or `domestic`), a comment after
/// `#`.
fn parse_home_acts(set: &DictSet) -> Result<Vec<(String, Home)>, Vec<DictError>> {
    let Some(file) = set.file(HOME_ACTS) else {
        return Err(vec![DictError::new(HOME_ACTS, 0, "missing file")]);
    };
    let mut codes = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in file.text.lines().enumerate() {
        let mut fields = line.split('#').next().unwrap_or("").split_whitespace();
        let Some(code) = fields.next() else { continue };
        let home = match fields.next() {
            Some("decision") => Home::Decision,
            Some("domestic") => Home::Domestic,
            other => {
                errors.push(DictError::new(
                    &file.origin,
                    n + 1,
                    format!("expected \"decision\" or \"domestic\" after the code, found {other:?}"),
                ));
                continue;
            }
        };
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(DictError::new(&file.origin, n + 1, format!("{code:?} is not a CAMEO code prefix (2 to 4 digits)")));
        }
        codes.push((code.to_string(), home));
    }
    if errors.is_empty() {
        Ok(codes)
    } else {
        Err(errors)
    }
}

/// The places of one sentence, kept for the whole document.
#[derive(Clone, Debug, Default)]
pub struct SentencePlaces {
    /// The paragraph (unit) the sentence is in.
    pub unit: usize,
    pub headline: bool,
    pub mentions: Vec<PlaceMention>,
    /// The parties the sentence names ([`party`] of each actor).
    pub parties: Vec<String>,
    /// The parties it says visit a place ([`scene::visitors`]).
    pub visitors: Vec<String>,
}

impl SentencePlaces {
    /// Reads the places, parties and visitors of one sentence.
    pub fn read(gazetteer: &Gazetteer, view: &SentenceView, unit: usize, headline: bool) -> SentencePlaces {
        let mut mentions = Vec::new();
        place_mentions(gazetteer, view, &mut mentions);
        let words = Words::new(view.text, view.tokens);
        let visitors = scene::visitors(view, &words, &mentions);
        let parties = view.actors.iter().flat_map(|m| &m.members).map(|a| party(&a.code, a.country.as_deref()).to_string()).collect();
        SentencePlaces { unit, headline, mentions, parties, visitors }
    }
}

/// What stands for an actor when places carry between sentences: its
/// country, or for an organisation of no one country the first six
/// letters of its code ("IGOEUR").
pub fn party<'a>(code: &'a str, country: Option<&'a str>) -> &'a str {
    country.unwrap_or_else(|| code.get(..6).unwrap_or(code))
}

/// What an event's location depends on.
pub struct Act<'a> {
    /// Index of the event's sentence in the document.
    pub sentence: usize,
    /// Token span of the act in its sentence.
    pub act: (usize, usize),
    pub code: &'a str,
    /// Country of the source when the source is a state or part of one
    /// (not an international organisation).
    pub source_country: Option<&'a str>,
    pub target_country: Option<&'a str>,
    /// The words that named the target, and their byte offsets.
    pub target: Option<(&'a str, usize, usize)>,
    /// [`party`] of the source and of the target.
    pub parties: [Option<&'a str>; 2],
}

/// A chosen location and how it was chosen.
#[derive(Clone, Debug)]
pub struct Located {
    pub place: Place,
    /// Byte offsets of the words that named it; `None` when it was inferred
    /// (the acting state's country).
    pub span: Option<(usize, usize)>,
    pub from_context: bool,
    pub how: String,
}

/// The document around the events: every sentence's places and the
/// countries named anywhere in it.
pub struct Scene<'a> {
    pub sentences: &'a [SentencePlaces],
    pub countries: &'a FxHashSet<String>,
}

pub fn locate(geo: &Geo, scene: &Scene, act: &Act) -> Option<Located> {
    let verbal = VERBAL_CODES.iter().any(|r| act.code.starts_with(r));
    let chooser = Chooser { scene, act, reach: if verbal { Some(VERBAL_REACH) } else { None } };
    let here = &scene.sentences.get(act.sentence)?.mentions;
    // A strike lands on its target: "Russia hits Ukraine ... as Kyiv
    // strikes Russian refineries" places each strike on its own target.
    if let Some(found) = struck_place(geo, &chooser, act) {
        return Some(found);
    }
    if let Some((m, place)) = chooser.best(here) {
        return Some(found_in(m, place, false, format!("place in the sentence ({})", m.rule)));
    }
    let visit = scene::visited(&chooser, scene.sentences, act);
    if verbal {
        return visit.map(|(m, place)| found_in(m, place, true, "the place its speaker visits".to_string()));
    }
    let home = geo.home_country(act);
    let at_home = |(_, place): &(&PlaceMention, Place)| home.is_none() || place.country.as_deref() == home;
    let context = paragraph_sentences(scene.sentences, act.sentence)
        .find_map(|s| chooser.best(&scene.sentences[s].mentions))
        .filter(at_home)
        .map(|(m, place)| found_in(m, place, true, format!("place given by the paragraph ({})", m.rule)));
    let carried = || {
        let visit = visit.map(|(m, place)| found_in(m, place, true, "the place its source visits".to_string()));
        let venue = || {
            scene::venue(&chooser, scene.sentences, act)
                .map(|(m, place)| found_in(m, place, true, format!("where the parties met, named elsewhere ({})", m.rule)))
        };
        visit.or_else(venue).filter(|l| home.is_none() || l.place.country.as_deref() == home)
    };
    if let Some(found) = context.or_else(carried) {
        return Some(found);
    }
    let place = geo.gazetteer.country(home?)?;
    Some(Located {
        place,
        span: None,
        from_context: false,
        how: format!("the acting state's own country: {} is an act done at home", act.code),
    })
}

fn found_in(m: &PlaceMention, place: Place, from_context: bool, how: String) -> Located {
    Located { place, span: Some((m.start, m.end)), from_context, how }
}

/// A strike, assault or use of force lands where its target is, when the
/// target is named by a place name ("drones hit Kyiv").
fn struck_place(geo: &Geo, chooser: &Chooser, act: &Act) -> Option<Located> {
    if !matches!(act.code.get(..2), Some("18" | "19" | "20")) {
        return None;
    }
    let (text, start, end) = act.target?;
    let mut readings = Vec::new();
    geo.gazetteer.lookup(&fold_key(text), &mut readings);
    let place = chooser.reading(&readings)?;
    Some(Located { place, span: Some((start, end)), from_context: false, how: "the target of a use of force is a place name".to_string() })
}

/// The other sentences of the event's paragraph, nearest first (the
/// earlier one first at equal distance). A headline's paragraph is the
/// lead, the first unit after it that is not a headline.
fn paragraph_sentences(sentences: &[SentencePlaces], at: usize) -> impl Iterator<Item = usize> + '_ {
    let here = &sentences[at];
    let unit = if here.headline {
        sentences.iter().skip(at + 1).find(|s| !s.headline && s.unit > here.unit).map(|s| s.unit)
    } else {
        Some(here.unit)
    };
    let mut same: Vec<usize> = (0..sentences.len()).filter(|&i| i != at && Some(sentences[i].unit) == unit).collect();
    same.sort_by_key(|&i| (i.abs_diff(at), i > at));
    same.into_iter()
}

pub(crate) struct Chooser<'a> {
    scene: &'a Scene<'a>,
    act: &'a Act<'a>,
    /// For verbal acts: how many tokens after the act a place may be.
    reach: Option<usize>,
}

impl Chooser<'_> {
    /// The site mention with the most specific reading, nearest to the act
    /// on ties. A list of places ("in Istanbul, Ankara and Izmir") counts
    /// by its first; a place visited is the site of the visit alone (04x),
    /// not of what else its sentence reports ("fires a missile as Blinken
    /// visits Seoul"); a place of an act planned after this one ("agreed
    /// to hold talks in China") is not this act's.
    pub(crate) fn best<'m>(&self, mentions: &'m [PlaceMention]) -> Option<(&'m PlaceMention, Place)> {
        mentions
            .iter()
            .filter(|m| m.strength == Strength::Site && m.rule != COORDINATED)
            .filter(|m| m.rule != PLACE_VISITED || self.act.code.starts_with("04"))
            .filter(|m| m.plan.is_none_or(|p| p < self.act.act.1))
            .filter(|m| self.reach.is_none_or(|r| m.tok_start <= self.act.act.1 + r))
            .filter_map(|m| self.reading(&m.readings).map(|p| (m, p)))
            .min_by_key(|(m, p)| (p.feature.rank(), distance(self.act.act, (m.tok_start, m.tok_end))))
    }

    /// The reading in the event's countries, else in the document's, else
    /// the most populous.
    pub(crate) fn reading(&self, readings: &[Place]) -> Option<Place> {
        let event = [self.act.source_country, self.act.target_country];
        let tier = |p: &Place| match p.country.as_deref() {
            Some(c) if event.contains(&Some(c)) => 0,
            Some(c) if self.scene.countries.contains(c) => 1,
            _ => 2,
        };
        readings.iter().min_by_key(|p| (tier(p), std::cmp::Reverse(p.population))).cloned()
    }
}

fn distance(a: (usize, usize), b: (usize, usize)) -> usize {
    if b.0 >= a.1 {
        b.0 - a.1
    } else {
        a.0.saturating_sub(b.1)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::test_support::sentence_read;

    fn geo() -> &'static Geo {
        static GEO: std::sync::OnceLock<Geo> = std::sync::OnceLock::new();
        GEO.get_or_init(|| Geo::load(&DictSet::builtin()).expect("built-in places load"))
    }

    pub(crate) fn sentence(unit: usize, text: &str) -> SentencePlaces {
        sentence_read(text, unit)
    }

    pub(crate) fn act<'a>(sentence: usize, code: &'a str, source: Option<&'a str>, target: Option<&'a str>) -> Act<'a> {
        Act { sentence, act: (1, 2), code, source_country: source, target_country: target, target: None, parties: [source, target] }
    }

    pub(crate) fn run(sentences: &[SentencePlaces], countries: &[&str], a: &Act) -> Option<Located> {
        let countries = countries.iter().map(|c| c.to_string()).collect();
        locate(geo(), &Scene { sentences, countries: &countries }, a)
    }

    #[test]
    fn the_sentence_place_comes_first() {
        let s = [sentence(0, "Envoys met in Doha on Sunday.")];
        let found = run(&s, &[], &act(0, "046", Some("PAK"), Some("AFG"))).unwrap();
        assert_eq!((&*found.place.name, found.from_context), ("Doha", false));
    }

    #[test]
    fn the_most_specific_place_wins() {
        let s = [sentence(0, "Shelling hit homes in Ukraine, in Kharkiv.")];
        let found = run(&s, &[], &act(0, "194", Some("RUS"), None)).unwrap();
        assert_eq!(&*found.place.name, "Kharkiv");
    }

    #[test]
    fn the_paragraph_gives_the_place_otherwise() {
        let s =
            [sentence(0, "The sides met in Istanbul."), sentence(0, "They agreed to swap prisoners."), sentence(1, "Later, they argued.")];
        let found = run(&s, &[], &act(1, "0353", Some("RUS"), Some("UKR"))).unwrap();
        assert!(found.from_context && &*found.place.name == "Istanbul");
        assert!(run(&s, &[], &act(2, "111", Some("RUS"), Some("UKR"))).is_none());
    }

    #[test]
    fn a_domestic_act_is_in_the_acting_state() {
        let s = [sentence(0, "Police detained 107 protesters.")];
        let found = run(&s, &[], &act(0, "173", Some("GEO"), Some("GEO"))).unwrap();
        assert_eq!((found.place.country.as_deref(), found.span), (Some("GEO"), None));
        assert!(run(&s, &[], &act(0, "042", Some("GEO"), Some("USA"))).is_none());
        // Coercing another state's people is not done at home; sanctioning
        // another state is decided at home.
        assert!(run(&s, &[], &act(0, "175", Some("CHN"), Some("PHL"))).is_none());
        assert_eq!(run(&s, &[], &act(0, "163", Some("USA"), Some("MEX"))).unwrap().place.country.as_deref(), Some("USA"));
    }

    #[test]
    fn citizens_protest_at_home() {
        let s = [sentence(0, "Thousands marched against the government.")];
        assert_eq!(run(&s, &[], &act(0, "141", Some("CMR"), Some("CMR"))).unwrap().place.country.as_deref(), Some("CMR"));
        // A protest against another state is made wherever the text says.
        assert!(run(&s, &[], &act(0, "141", Some("PHL"), Some("CHN"))).is_none());
    }

    #[test]
    fn home_acts_prefer_the_home_country_to_a_foreign_paragraph_place() {
        let s = [sentence(0, "Officials met in Mexico City."), sentence(0, "Trump then imposed tariffs.")];
        assert_eq!(run(&s, &[], &act(1, "163", Some("USA"), Some("MEX"))).unwrap().place.country.as_deref(), Some("USA"));
    }

    #[test]
    fn a_statement_is_placed_only_where_it_was_made() {
        let s = [sentence(0, "Speaking in Doha, he accused Kabul of strikes in Paktika province.")];
        let mut a = act(0, "112", Some("PAK"), Some("AFG"));
        a.act = (5, 6);
        assert_eq!(&*run(&s, &[], &a).unwrap().place.name, "Doha");
        let s = [sentence(0, "The sides met in Istanbul."), sentence(0, "He accused Moscow of lying.")];
        assert!(run(&s, &[], &act(1, "112", Some("UKR"), Some("RUS"))).is_none());
        let s = [sentence(0, "He accused Kabul of strikes in Paktika province.")];
        assert!(run(&s, &[], &act(0, "112", Some("PAK"), Some("AFG"))).is_none());
    }

    #[test]
    fn readings_follow_the_event_then_the_document_then_population() {
        let s = [sentence(0, "A rally was held in Paris.")];
        assert_eq!(run(&s, &[], &act(0, "141", None, None)).unwrap().place.country.as_deref(), Some("FRA"));
        assert_eq!(run(&s, &["USA"], &act(0, "141", None, None)).unwrap().place.country.as_deref(), Some("USA"));
        assert_eq!(run(&s, &["FRA"], &act(0, "141", Some("USA"), None)).unwrap().place.country.as_deref(), Some("USA"));
    }

    #[test]
    fn a_struck_place_name_is_where_the_strike_landed() {
        let s = [sentence(0, "Russian drones hit Kyiv overnight.")];
        let text = "Russian drones hit Kyiv overnight.";
        let a = Act { target: Some(("Kyiv", 19, 23)), ..act(0, "195", Some("RUS"), Some("UKR")) };
        let found = run(&s, &[], &a).unwrap();
        assert_eq!((&*found.place.name, found.span), ("Kyiv", Some((19, 23))));
        assert_eq!(&text[19..23], "Kyiv");
    }

    #[test]
    fn home_acts_file_errors_name_the_line() {
        let mut files = DictSet::builtin().files().to_vec();
        files.retain(|f| f.path != HOME_ACTS);
        files.push(dyad_dict::DictFile {
            path: HOME_ACTS.into(),
            origin: "my/home-acts.txt".into(),
            text: "17 domestic\nabc decision\n16\n".into(),
        });
        let err = Geo::load(&DictSet::from_files(files)).err().unwrap();
        assert_eq!(
            err.to_string(),
            "my/home-acts.txt:2: \"abc\" is not a CAMEO code prefix (2 to 4 digits)\nmy/home-acts.txt:3: expected \"decision\" or \"domestic\" after the code, found None"
        );
    }
}
