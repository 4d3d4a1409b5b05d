//! Location figures on the news-dev gold events dyad finds (issue 16):
//! same country as gold, within 25 km of gold's town, no place where gold
//! has none, and places output as targets. [`crate::newsdev::score`]
//! reports them beside the event figures.

use dyad::Event;
use dyad_geo::distance::distance_km;
use serde::{Deserialize, Serialize};

use crate::gold::country;
use crate::newsdev::NewsGold;
use crate::score::Ratio;

/// How near a city-level location must be to gold's.
pub const CITY_KM: f64 = 25.0;

/// Where a gold event happened.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldLocation {
    pub name: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// city, adm1, country or other.
    pub precision: String,
}

/// A field that is present (maybe `null`) is `Some`, so `null` and absent
/// differ.
pub(crate) fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

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
    /// With `explain`: the matched events whose location disagrees.
    pub misses: Vec<String>,
}

impl LocationScores {
    /// Scores the location of `e`, matched to gold `g`; a disagreement is
    /// listed when `explain`.
    pub fn add(&mut self, g: &NewsGold, e: &Event, explain: bool) {
        let Some(gold) = &g.location else { return };
        let found = e.location.as_ref();
        let mut miss = |kind: &str, gold_place: &str| {
            if explain {
                self.misses.push(format!("{}: {kind}: gold {gold_place}, dyad {} in {:?}", g.id, describe(e), e.sentence));
            }
        };
        let Some(gold) = gold else {
            self.none_where_none.add(found.is_none());
            if found.is_some() {
                miss("invented", "none");
            }
            return;
        };
        let gold_place = format!("{} ({})", gold.name.as_deref().unwrap_or("(the acting country)"), gold.country.as_deref().unwrap_or("-"));
        let mut country_hit = true;
        if let Some(c) = &gold.country {
            country_hit = found.and_then(|l| l.country.as_ref()) == Some(c);
            self.same_country.add(country_hit);
        }
        if !country_hit {
            miss(if found.is_none() { "no location" } else { "wrong country" }, &gold_place);
        }
        if let (true, Some(lat), Some(lon)) = (gold.precision == "city", gold.lat, gold.lon) {
            let near = found.and_then(|l| Some(distance_km((lat, lon), (l.lat?, l.lon?)))).is_some_and(|d| d <= CITY_KM);
            self.city_within_25km.add(near);
            if country_hit && !near {
                miss(if found.is_none() { "no location" } else { "right country, wrong town" }, &gold_place);
            }
        }
    }
}

/// An event's location and the rule that chose it, for a miss.
fn describe(e: &Event) -> String {
    let Some(l) = &e.location else { return "none".to_string() };
    let rule = e.explain.as_ref().and_then(|x| x.location_rule.as_deref()).unwrap_or("");
    format!("{} ({}) by {rule}", l.name, l.country.as_deref().unwrap_or("-"))
}

/// Output events of one article whose target is a place: its words are a
/// location gold gives in that sentence, and its country is none of gold's
/// actors there.
pub fn places_as_targets<'e>(gold: &[NewsGold], events: &[&'e Event], same_sentence: impl Fn(&NewsGold, &Event) -> bool) -> Vec<&'e Event> {
    events
        .iter()
        .copied()
        .filter(|e| {
            let Some(target) = e.target.as_ref().filter(|t| !t.text.is_empty()) else { return false };
            let here: Vec<&NewsGold> = gold.iter().filter(|g| same_sentence(g, e)).collect();
            let named_as_place = here.iter().any(
                |g| matches!(&g.location, Some(Some(l)) if l.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(target.text.trim()))),
            );
            let gold_actor = |g: &&NewsGold| {
                std::iter::once(&g.source)
                    .chain(std::iter::once(&g.target))
                    .chain(&g.source_alt)
                    .chain(&g.target_alt)
                    .filter(|c| !c.is_empty())
                    .any(|c| country(c) == country(&target.code))
            };
            named_as_place && !here.iter().any(gold_actor)
        })
        .collect()
}

/// A place output as a target, for `--explain`: the event, its sentence
/// and the words taken for the target.
pub fn describe_place_target(article: &str, e: &Event) -> String {
    let target = e.target.as_ref().map_or("", |t| t.text.as_str());
    format!("{article} sentence {}: place as target: {} {:?} in {:?}", e.sentence_index, e.cameo, target, e.sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad::{Coder, Document};

    fn event() -> Event {
        let text = "Russian and Ukrainian delegations met in Istanbul on Friday.";
        let doc = Document::from_text("d", text, None);
        Coder::builtin().unwrap().code(&doc).remove(0)
    }

    fn gold(location: &str) -> NewsGold {
        let line = format!(
            r#"{{"id": "d-1", "sentence": "Russian and Ukrainian delegations met in Istanbul on Friday.", "source": "RUS", "target": "UKR", "code": "043", "location": {location}}}"#
        );
        serde_json::from_str(&line).unwrap()
    }

    #[test]
    fn scores_country_distance_and_absence() {
        let e = event();
        let mut s = LocationScores::default();
        s.add(&gold(r#"{"name": "Istanbul", "country": "TUR", "lat": 41.01, "lon": 28.95, "precision": "city"}"#), &e, true);
        s.add(&gold(r#"{"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85, "precision": "city"}"#), &e, true);
        s.add(&gold("null"), &e, true);
        assert_eq!((s.same_country.hits, s.same_country.total), (2, 2));
        assert_eq!((s.city_within_25km.hits, s.city_within_25km.total), (1, 2));
        assert_eq!((s.none_where_none.hits, s.none_where_none.total), (0, 1));
        let kinds: Vec<&str> = s.misses.iter().map(|m| m.split(": ").nth(1).unwrap()).collect();
        assert_eq!(kinds, ["right country, wrong town", "invented"]);
        let absent: NewsGold = serde_json::from_str(r#"{"id": "d-2", "sentence": "", "code": "043"}"#).unwrap();
        s.add(&absent, &e, true);
        assert_eq!(s.none_where_none.total, 1);
    }

    #[test]
    fn a_place_named_as_gold_location_is_a_place_target() {
        let mut e = event();
        let istanbul = gold(r#"{"name": "Istanbul", "country": "TUR", "lat": 41.01, "lon": 28.95, "precision": "city"}"#);
        let any = |_: &NewsGold, _: &Event| true;
        assert!(places_as_targets(std::slice::from_ref(&istanbul), &[&e], any).is_empty());
        let target = e.target.as_mut().unwrap();
        target.text = "Istanbul".into();
        target.code = "TUR".into();
        assert_eq!(places_as_targets(std::slice::from_ref(&istanbul), &[&e], any).len(), 1);
    }
}
