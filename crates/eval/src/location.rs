//! Location figures on the gold events dyad finds (issue 16): same country
//! as gold, within 25 km of gold's town, no place where gold has none, and
//! places output as targets.

use dyad::Event;
use dyad_geo::distance::distance_km;
use serde::Serialize;

use crate::gold::{country, ArticleItem};
use crate::score::Ratio;

/// How near a city-level location must be to gold's.
pub const CITY_KM: f64 = 25.0;

#[derive(Clone, Debug, Default, Serialize)]
pub struct LocationScores {
    /// Gold names a country: dyad's location is in it.
    pub same_country: Ratio,
    /// Gold names a town: dyad's location is within 25 km of it.
    pub city_within_25km: Ratio,
    /// Gold says the text gives no place: dyad gives none.
    pub none_where_none: Ratio,
    /// Output events whose target is a place gold names as the location of
    /// an event of the same sentence, and not one of gold's actors there.
    pub places_as_targets: usize,
    pub misses: Vec<String>,
}

impl LocationScores {
    /// Scores the location of `e`, matched to gold `g`.
    pub fn add(&mut self, g: &ArticleItem, e: &Event) {
        let Some(gold) = &g.location else { return };
        let found = e.location.as_ref();
        let describe = || found.map_or("none".to_string(), |l| format!("{} ({})", l.name, l.country.as_deref().unwrap_or("-")));
        let Some(gold) = gold else {
            self.none_where_none.add(found.is_none());
            if found.is_some() {
                self.misses.push(format!("{}: gold has no place, dyad gives {} in {:?}", g.doc_id, describe(), e.sentence));
            }
            return;
        };
        let gold_name = gold.name.as_deref().unwrap_or("(the acting country)");
        if let Some(c) = &gold.country {
            let hit = found.and_then(|l| l.country.as_ref()) == Some(c);
            self.same_country.add(hit);
            if !hit {
                self.misses.push(format!("{}: gold {gold_name} ({c}), dyad {} in {:?}", g.doc_id, describe(), e.sentence));
            }
        }
        if let (true, Some(lat), Some(lon)) = (gold.precision == "city", gold.lat, gold.lon) {
            let near = found.and_then(|l| Some(distance_km((lat, lon), (l.lat?, l.lon?)))).is_some_and(|d| d <= CITY_KM);
            self.city_within_25km.add(near);
        }
    }
}

/// Output events of one document whose target is a place: its words are a
/// location gold gives in that sentence, and its country is none of gold's
/// actors there.
pub fn places_as_targets(gold: &[&ArticleItem], events: &[Event], same_sentence: impl Fn(&ArticleItem, &Event) -> bool) -> usize {
    events
        .iter()
        .filter(|e| {
            let Some(target) = e.target.as_ref().filter(|t| !t.text.is_empty()) else { return false };
            let here: Vec<&&ArticleItem> = gold.iter().filter(|g| same_sentence(g, e)).collect();
            let named_as_place = here.iter().any(
                |g| matches!(&g.location, Some(Some(l)) if l.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(target.text.trim()))),
            );
            let gold_actor = |g: &&&ArticleItem| {
                g.source.iter().chain(&g.target).chain(&g.source_alt).chain(&g.target_alt).any(|c| country(c) == country(&target.code))
            };
            named_as_place && !here.iter().any(gold_actor)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad::{Coder, Document};

    fn event() -> Event {
        let text = "Russian and Ukrainian delegations met in Istanbul on Friday.";
        let doc = Document { id: "d".into(), date: None, url: None, source: None, title: None, text: text.into() };
        Coder::builtin().unwrap().code(&doc).remove(0)
    }

    fn gold(location: &str) -> ArticleItem {
        let line = format!(r#"{{"doc_id": "d", "source": "RUS", "target": "UKR", "code": "043", "location": {location}}}"#);
        serde_json::from_str(&line).unwrap()
    }

    #[test]
    fn scores_country_distance_and_absence() {
        let e = event();
        let mut s = LocationScores::default();
        s.add(&gold(r#"{"name": "Istanbul", "country": "TUR", "lat": 41.01, "lon": 28.95, "precision": "city"}"#), &e);
        s.add(&gold(r#"{"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85, "precision": "city"}"#), &e);
        s.add(&gold("null"), &e);
        assert_eq!((s.same_country.hits, s.same_country.total), (2, 2));
        assert_eq!((s.city_within_25km.hits, s.city_within_25km.total), (1, 2));
        assert_eq!((s.none_where_none.hits, s.none_where_none.total), (0, 1));
        let absent: ArticleItem = serde_json::from_str(r#"{"doc_id": "d", "code": "043"}"#).unwrap();
        s.add(&absent, &e);
        assert_eq!(s.none_where_none.total, 1);
    }

    #[test]
    fn a_place_named_as_gold_location_is_a_place_target() {
        let mut e = event();
        let istanbul = gold(r#"{"name": "Istanbul", "country": "TUR", "lat": 41.01, "lon": 28.95, "precision": "city"}"#);
        let any = |_: &ArticleItem, _: &Event| true;
        assert_eq!(places_as_targets(&[&istanbul], std::slice::from_ref(&e), any), 0);
        let target = e.target.as_mut().unwrap();
        target.text = "Istanbul".into();
        target.code = "TUR".into();
        assert_eq!(places_as_targets(&[&istanbul], std::slice::from_ref(&e), any), 1);
    }
}
