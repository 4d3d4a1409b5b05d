//! Constructions of English the role rules read from the parse, each in
//! sentences written for this test.

use dyad::{Coder, Document, Event, NaiveDate};

fn code(text: &str) -> Vec<Event> {
    let coder = Coder::builtin().expect("built-in dictionaries load");
    coder.code(&Document::from_text("t", text, NaiveDate::from_ymd_opt(2025, 3, 4)))
}

fn dyads(events: &[Event]) -> Vec<(String, String, String)> {
    let code = |a: &Option<dyad::event::ActorRef>| a.as_ref().map_or("-".to_string(), |a| a.code.to_string());
    events.iter().map(|e| (e.cameo.clone(), code(&e.source), code(&e.target))).collect()
}

#[test]
fn an_act_with_no_stated_target_is_aimed_at_the_other_party_of_the_article() {
    let text = "Washington imposed new tariffs on Chinese steel on Monday.\n\nBeijing condemned the decision on Tuesday.";
    let events = code(text);
    let condemn = events.iter().find(|e| e.root == "11").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    let target = condemn.target.as_ref().expect("an implied target");
    assert_eq!(target.country.as_deref(), Some("USA"));
    assert!(target.text.is_empty(), "an implied actor has no words: {target:?}");
}

#[test]
fn a_bare_report_is_not_a_statement_event() {
    let events = code("The Chilean foreign minister said the weather in Santiago was mild.");
    assert!(events.iter().all(|e| e.cameo != "010"), "{:?}", dyads(&events));
}

#[test]
fn a_relative_pronoun_acts_through_the_noun_it_describes() {
    let events = code("Peru, which accused Bolivia of hoarding water, recalled its envoy.");
    let accuse = events.iter().find(|e| e.root == "11").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(accuse.source.as_ref().map(|a| a.country.as_deref()), Some(Some("PER")), "{:?}", dyads(&events));
}

#[test]
fn a_detention_with_no_agent_or_place_is_by_the_detained_persons_authorities() {
    let events = code("Two Ecuadorian opposition lawmakers were detained on Sunday.");
    let arrest = events.iter().find(|e| e.root == "17").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(arrest.source.as_ref().map(|a| a.code.as_ref()), Some("ECUCOP"), "{:?}", dyads(&events));
}
