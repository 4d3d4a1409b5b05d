//! What the rest of the article establishes about where its parties are.
//!
//! News tells a scene once and then reports what happened in it: "Russian
//! and Ukrainian delegations met in Istanbul" is followed, paragraphs
//! later, by "the two sides agreed to meet again", and a headline
//! summarises acts whose place the body gives. Two rules carry a place
//! beyond its paragraph:
//!
//! - [`venue`]: a site named in a sentence that names both parties of an
//!   act (its source and, when it has one, its target) is where those
//!   parties met; their later, or earlier, acts without a place of their
//!   own happened there. Nearest sentence first, at most 40 sentences away.
//! - [`visited`]: a place someone visits is where the visitor, and the
//!   host, speak while the visit lasts: "a visit to Seoul by Blinken"
//!   places what Blinken says afterwards in the article, statements
//!   included.

use crate::gazetteer::Place;
use crate::locate::{party, Act, Chooser, SentencePlaces};
use crate::mentions::{PlaceMention, SentenceView, Strength, Words, PLACE_VISITED};

/// How many sentences either side of an act a scene reaches: a news
/// article's length, so that work per event stays bounded in a document of
/// any size.
const SCENE_REACH: usize = 40;

/// The sentences around `at`, within [`SCENE_REACH`], nearest first, the
/// earlier one first at equal distance.
fn by_distance(sentences: &[SentencePlaces], at: usize) -> impl Iterator<Item = usize> {
    let len = sentences.len();
    (1..=SCENE_REACH).flat_map(move |d| [at.checked_sub(d), Some(at + d).filter(|&i| i < len)]).flatten()
}

/// Whether sentence `s` names both parties of the act, two different
/// parties: one party's sides ("the army" and "the RSF") meet anywhere in
/// their country, so a place that names the country tells nothing.
fn names_the_parties(s: &SentencePlaces, act: &Act) -> bool {
    let [Some(source), Some(target)] = act.parties else { return false };
    source != target && [source, target].iter().all(|p| s.parties.iter().any(|q| q == p))
}

/// The site of the nearest sentence that names both parties of the act.
pub(crate) fn venue<'s>(chooser: &Chooser, sentences: &'s [SentencePlaces], act: &Act) -> Option<(&'s PlaceMention, Place)> {
    by_distance(sentences, act.sentence)
        .filter(|&i| names_the_parties(&sentences[i], act))
        .find_map(|i| chooser.best(&sentences[i].mentions))
}

/// The place the act's source visits (or hosts a visit in), named earlier
/// in the article, or anywhere in it for a headline.
pub(crate) fn visited<'s>(chooser: &Chooser, sentences: &'s [SentencePlaces], act: &Act) -> Option<(&'s PlaceMention, Place)> {
    let source = act.parties[0]?;
    let headline = sentences.get(act.sentence)?.headline;
    by_distance(sentences, act.sentence).filter(|&i| headline || i < act.sentence).find_map(|i| {
        let s = &sentences[i];
        s.mentions.iter().filter(|m| m.rule == PLACE_VISITED && m.strength == Strength::Site).find_map(|m| {
            let place = chooser.reading(&m.readings)?;
            let host = place.country.as_deref() == Some(source);
            (host || s.visitors.iter().any(|q| q == source)).then_some((m, place))
        })
    })
}

/// The parties who visit a place the sentence names: the actor just before
/// the visit word ("Blinken visits Seoul") or just after "by" ("a visit to
/// Seoul by Blinken").
pub fn visitors(view: &SentenceView, words: &Words, places: &[PlaceMention]) -> Vec<String> {
    let mut out = Vec::new();
    for m in places.iter().filter(|m| m.rule == PLACE_VISITED) {
        let visit = if words.get(m.tok_start.saturating_sub(1)) == "to" { m.tok_start.checked_sub(2) } else { m.tok_start.checked_sub(1) };
        let by = (words.get(m.tok_end) == "by").then_some(m.tok_end + 1);
        for actor in view.actors {
            if Some(actor.tok_end) == visit || Some(actor.tok_start) == by {
                out.extend(actor.members.iter().map(|a| party(&a.code, a.country.as_deref()).to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::SCENE_REACH;
    use crate::locate::tests::{act, run, sentence};

    #[test]
    fn the_parties_venue_carries_across_paragraphs() {
        let s = [
            sentence(0, "Russian and Ukrainian delegations met in Istanbul on Friday."),
            sentence(1, "Ukraine later asked Russia for a meeting of presidents."),
        ];
        let found = run(&s, &[], &act(1, "036", Some("UKR"), Some("RUS"))).unwrap();
        assert!(found.from_context && &*found.place.name == "Istanbul", "{found:?}");
        // Another pair of parties did not meet there.
        assert!(run(&s, &[], &act(1, "036", Some("FRA"), Some("RUS"))).is_none());
    }

    #[test]
    fn a_headline_takes_the_venue_the_body_gives() {
        let mut s = [
            sentence(0, "Brussels lifts sanctions"),
            sentence(1, "The European Union lifted sanctions on Syria on Tuesday."),
            sentence(2, "After the European Union foreign ministers met in Brussels, the bloc helped Syria."),
        ];
        s[0].headline = true;
        let a = act(0, "085", None, Some("SYR"));
        let a = crate::locate::Act { parties: [Some("IGOEUR"), Some("SYR")], ..a };
        let found = run(&s, &[], &a).unwrap();
        assert_eq!(&*found.place.name, "Brussels");
    }

    #[test]
    fn a_visitor_speaks_where_he_visits() {
        let s = [sentence(0, "The missile was fired during a visit to Seoul by Blinken."), sentence(1, "Blinken condemned the launch.")];
        let found = run(&s, &[], &act(1, "111", Some("USA"), Some("PRK"))).unwrap();
        assert_eq!(&*found.place.name, "Seoul");
        // The host is at home there too; a third party is not, nor one
        // that the visit's sentence names without visiting.
        assert_eq!(&*run(&s, &[], &act(1, "111", Some("KOR"), Some("PRK"))).unwrap().place.name, "Seoul");
        assert!(run(&s, &[], &act(1, "111", Some("JPN"), Some("PRK"))).is_none());
        let s = [sentence(0, "North Korea fired a missile as Blinken visited Seoul."), sentence(1, "Pyongyang called it a test.")];
        assert!(run(&s, &[], &act(1, "111", Some("PRK"), Some("USA"))).is_none());
    }

    #[test]
    fn sentences_are_taken_nearest_first_within_reach() {
        let s = vec![crate::locate::SentencePlaces::default(); SCENE_REACH + 10];
        assert_eq!(super::by_distance(&s, 2).take(5).collect::<Vec<_>>(), [1, 3, 0, 4, 5]);
        assert_eq!(super::by_distance(&s, 0).count(), SCENE_REACH);
    }

    #[test]
    fn one_party_meeting_itself_names_no_venue() {
        let s = [sentence(0, "Sudan's army and the RSF fought in Omdurman."), sentence(1, "The army later accused the RSF of looting.")];
        assert!(run(&s, &[], &act(1, "190", Some("SDN"), Some("SDN"))).is_none());
    }
}
