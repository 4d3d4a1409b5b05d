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

#[test]
fn the_agent_of_a_hyphenated_participle_is_not_the_target() {
    let events = code("Peru and Chile signed a Brazil-brokered fisheries accord on Monday.");
    let signed: Vec<_> = dyads(&events).into_iter().filter(|(c, _, _)| c.starts_with("05")).collect();
    assert!(!signed.is_empty() && signed.iter().all(|(_, _, t)| !t.starts_with("BRA")), "{:?}", dyads(&events));
    assert!(signed.iter().any(|(_, s, t)| s.starts_with("PER") && t.starts_with("CHL")), "{:?}", dyads(&events));
}

#[test]
fn a_city_where_parties_cooperate_is_not_a_party() {
    let events = code("Peru and Bolivia agreed to reopen their border as the Geneva talks ended.");
    let cooperation: Vec<_> = dyads(&events).into_iter().filter(|(c, _, _)| c.starts_with("03")).collect();
    assert!(cooperation.iter().any(|(_, s, t)| s.starts_with("PER") && t.starts_with("BOL")), "{:?}", dyads(&events));
    assert!(cooperation.iter().all(|(_, _, t)| !t.starts_with("CHE")), "{:?}", dyads(&events));
}

#[test]
fn the_speaker_of_a_saying_adjunct_is_the_main_subject_not_its_object() {
    let events = code("Ecuador thanked Colombia on Monday, saying the joint patrols had worked.");
    let thanks = events.iter().find(|e| e.root == "05").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(thanks.target.as_ref().map(|a| a.code.as_ref()), Some("COL"), "{:?}", dyads(&events));
}

#[test]
fn the_two_sides_are_the_parties_the_article_is_about() {
    let text = "Ghana accused Togo of shelling a border post on Monday.\n\nOn Wednesday the two sides agreed to hold talks.";
    let events = code(text);
    let talks: Vec<_> = dyads(&events).into_iter().filter(|(c, _, _)| c.starts_with("03")).collect();
    assert!(talks.iter().any(|(_, s, t)| s == "GHA" && t == "TGO"), "{:?}", dyads(&events));
    assert!(talks.iter().any(|(_, s, t)| s == "TGO" && t == "GHA"), "{:?}", dyads(&events));
}

#[test]
fn bombing_by_a_state_is_from_the_air() {
    let events = code("Turkey bombed Kurdish militant positions in northern Iraq overnight.");
    assert!(events.iter().any(|e| e.cameo == "195"), "{:?}", dyads(&events));
    let militants = code("Militants bombed a police station in Peshawar.");
    assert!(militants.iter().all(|e| e.cameo != "195"), "{:?}", dyads(&militants));
}

#[test]
fn the_subject_of_a_coordinated_clause_is_not_the_target() {
    let events = code("Chile condemned the raids as a violation of the truce, and Peru's president urged calm.");
    let condemn = events.iter().find(|e| e.root == "11").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(condemn.target.as_ref().is_none_or(|t| !t.code.starts_with("PER")), "{:?}", dyads(&events));
}

#[test]
fn a_leaning_between_a_demonym_and_its_group_stays_in_the_group() {
    let events = code("Colombian leftist guerrillas ambushed an army patrol near Cali.");
    let attack = events.iter().find(|e| e.root == "19" || e.root == "18").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(attack.source.as_ref().map(|a| a.code.as_ref()), Some("COLREB"), "{:?}", dyads(&events));
}

#[test]
fn the_bloc_is_the_organisation_named_before_not_a_country() {
    let text = "The African Union suspended Gabon on Monday.\n\nThe bloc also threatened Gabon with sanctions.";
    let events = code(text);
    let threat = events.iter().find(|e| e.root == "13").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(threat.source.as_ref().is_some_and(|a| a.code.starts_with("IGOAFR")), "{:?}", dyads(&events));
}

#[test]
fn forces_owned_by_its_belong_to_the_state_named_first() {
    let events = code("Peru's defence ministry said its troops had shelled rebel camps across the border in Ecuador.");
    let shelling = events.iter().find(|e| e.root == "19").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(shelling.source.as_ref().map(|a| a.code.as_ref()), Some("PERMIL"), "{:?}", dyads(&events));
}

#[test]
fn a_finite_adverbial_clause_keeps_its_own_subject() {
    let events = code("Chile recalled its ambassador from Lima a day after Peru denounced Bolivia.");
    let denounce = events.iter().find(|e| e.root == "11").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(denounce.source.as_ref().is_some_and(|a| a.code.starts_with("PER")), "{:?}", dyads(&events));
}

#[test]
fn a_condition_in_a_coordinated_clause_leaves_the_first_act_asserted() {
    let events = code("Peru's president met Chile's foreign minister on Monday and said he would study whether more aid could be sent.");
    let meeting = events.iter().find(|e| e.root == "04").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(meeting.modality, dyad::event::Modality::Asserted, "{:?}", dyads(&events));
}

#[test]
fn a_condition_on_the_act_itself_still_holds() {
    let events = code("Peru sends food aid to Bolivia only if the border stays open.");
    let aid = events.iter().find(|e| e.root == "07").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert_eq!(aid.modality, dyad::event::Modality::Conditional, "{:?}", dyads(&events));
}

#[test]
fn a_characterisation_in_quotation_marks_is_still_read() {
    let events = code("Chile called the new fishing law \"reckless and irresponsible\".");
    let criticism = events.iter().find(|e| e.root == "11").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(criticism.source.as_ref().is_some_and(|a| a.code.starts_with("CHL")), "{:?}", dyads(&events));
}

#[test]
fn a_verb_s_pattern_wins_over_the_noun_it_acts_on() {
    let events = code("Canada suspended its strategic partnership with Peru on Friday.");
    assert!(events.iter().any(|e| e.root == "16"), "{:?}", dyads(&events));
    assert!(events.iter().all(|e| e.root != "05"), "the partnership is what was suspended: {:?}", dyads(&events));
}

#[test]
fn a_noun_of_time_or_cause_is_the_setting_not_an_event() {
    let events = code("Peru's foreign minister spoke to reporters in Lima after the deadly attack.");
    assert!(events.iter().all(|e| e.root != "19" && e.root != "18"), "{:?}", dyads(&events));
}

#[test]
fn an_act_with_no_actor_is_not_an_event() {
    let text = "Five people were killed on Sunday.";
    let events = code(text);
    assert!(events.is_empty(), "{:?}", dyads(&events));
    let coder = Coder::builtin().expect("built-in dictionaries load");
    let options = dyad::coder::Options { sourceless: true, ..Default::default() };
    let one_sided = coder.code_with(&Document::from_text("t", text, NaiveDate::from_ymd_opt(2025, 3, 4)), options);
    assert!(one_sided.iter().any(|e| e.root == "19" && e.source.is_none()), "asked for: {:?}", dyads(&one_sided));
}

#[test]
fn the_two_sides_as_object_are_the_document_s_parties() {
    let text = "Peru and Chile held border talks in Quito on Monday.\n\nBrazil urged the two sides to reach a deal.";
    let events = code(text);
    let appeals: Vec<_> = dyads(&events).into_iter().filter(|(c, s, _)| c.starts_with("02") && s.starts_with("BRA")).collect();
    assert!(appeals.iter().any(|(_, _, t)| t.starts_with("PER")), "{:?}", dyads(&events));
    assert!(appeals.iter().any(|(_, _, t)| t.starts_with("CHL")), "{:?}", dyads(&events));
}

#[test]
fn a_light_verb_does_not_hide_a_more_specific_act() {
    let events = code("The junta carried out a nerve gas attack on the village.");
    assert!(events.iter().any(|e| e.root == "20"), "{:?}", dyads(&events));
}

#[test]
fn a_capital_where_an_act_happens_is_not_its_target() {
    let events = code("Chile's trade minister endorsed the plan in Lima on Tuesday.");
    assert!(events.iter().any(|e| e.root == "05"), "{:?}", dyads(&events));
    assert!(events.iter().all(|e| e.target.as_ref().is_none_or(|a| !a.code.starts_with("PER"))), "{:?}", dyads(&events));
}

#[test]
fn people_with_no_country_are_from_where_the_act_happens() {
    let events = code("Riot police used tear gas to disperse striking miners in the streets of La Paz.");
    let dispersal = events.iter().find(|e| e.root == "17").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    let target = dispersal.target.as_ref().unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(target.code.starts_with("BOL") && target.code.as_ref() != "BOLGOV", "{:?}", dyads(&events));
}

#[test]
fn a_protest_with_no_named_protesters_is_by_the_people_of_the_place() {
    let events = code("Thousands marched in Santiago against the new pension law.");
    let protest = events.iter().find(|e| e.root == "14").unwrap_or_else(|| panic!("{:?}", dyads(&events)));
    assert!(protest.source.as_ref().is_some_and(|a| a.code.starts_with("CHL")), "{:?}", dyads(&events));
}
