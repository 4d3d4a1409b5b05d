//! Event locations in the store: stored with their events, read back, and
//! filtered by country and by distance.

use dyad::{Coder, Document};
use dyad_store::ingest::{ingest, Options};
use dyad_store::{Filter, Reader};

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        date: Some("2025-05-16".parse().unwrap()),
        url: None,
        source: None,
        title: None,
        text: text.into(),
        origin: None,
    }
}

fn names(reader: &Reader, name: &str, value: &str) -> Vec<String> {
    let mut f = Filter::default();
    f.set(name, value).unwrap();
    let page = reader.events(&f, None, 100).unwrap();
    let mut out: Vec<String> = page.events.iter().map(|e| e.event.location.as_ref().map_or("-".into(), |l| l.name.clone())).collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn locations_round_trip_and_filter() {
    let dir = std::env::temp_dir().join(format!("dyad-store-locations-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("dyad.db");
    let coder = Coder::builtin().unwrap();
    let docs = vec![
        doc("istanbul", "Russian and Ukrainian delegations met in Istanbul on Friday.\n"),
        doc("ankara", "Turkish and Syrian officials met in Ankara on Friday.\n"),
        doc("kyiv", "Russian drones struck Kyiv overnight.\n"),
    ];
    let coded: Vec<_> = docs.iter().flat_map(|d| coder.code(d)).collect();
    assert!(coded.iter().all(|e| e.location.is_some()), "{coded:#?}");
    ingest(&db, &coder, docs, &Options::default(), &|_| {}).unwrap();
    let reader = Reader::open(&db).unwrap();

    let stored = reader.events(&Filter::default(), None, 100).unwrap();
    let mut stored: Vec<_> = stored.events.into_iter().map(|e| e.event.location).collect();
    let mut expected: Vec<_> = coded.into_iter().map(|e| e.location).collect();
    let key = |l: &Option<dyad::event::Location>| l.as_ref().map(|l| (l.name.clone(), l.start));
    stored.sort_by_key(key);
    expected.sort_by_key(key);
    assert_eq!(stored, expected);

    assert_eq!(names(&reader, "country_geo", "tur"), ["Ankara", "Istanbul"]);
    assert_eq!(names(&reader, "near", "41.0,29.0,50"), ["Istanbul"]);
    // Istanbul to Ankara is about 350 km.
    assert_eq!(names(&reader, "near", "39.92,32.85,300"), ["Ankara"]);
    assert_eq!(names(&reader, "near", "39.92,32.85,400").len(), 2);
    assert!(names(&reader, "near", "0,0,10").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_geo_filters_name_the_parameter() {
    let mut f = Filter::default();
    let err = f.set("near", "41,29").unwrap_err();
    assert_eq!(err.name, "near");
    assert!(f.set("near", "91,0,5").is_err() && f.set("near", "0,0,-1").is_err());
    assert!(f.set("country_geo", "TURK").is_err());
    f.set("near", "41,29,50").unwrap();
    assert_eq!(f.to_query().last().unwrap(), &("near", "41,29,50".to_string()));
}
