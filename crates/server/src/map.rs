//! The world map (`GET /map`): Natural Earth country shapes drawn
//! server-side as SVG, with the filtered events as dots sized by count.
//! Each dot links to the events within 25 km of it, with their evidence.
//! Nothing is fetched at run time: the shapes are compiled in
//! (`assets/world-110m.txt`, made by `scripts/gen-world-map.py`).

use std::fmt::Write;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dyad_store::{Filter, StoreError, StoredEvent};

use crate::api::parse_params;
use crate::dashboard::{form, html, pairs, PageError, Pairs};
use crate::html::{esc, query};
use crate::AppState;

const WORLD: &str = include_str!("../assets/world-110m.txt");
/// At most this many events are drawn (newest first).
const MAP_EVENTS: usize = 5000;
const PARAMS: &[&str] = &["source", "target", "root", "cameo", "quad", "since", "until", "modality", "text", "country_geo", "near"];
/// A dot links to the events this near it.
const DOT_KM: u32 = 25;

/// The events at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub count: usize,
}

/// One dot per located place (same name and coordinates), largest first.
pub fn dots(events: &[StoredEvent]) -> Vec<Dot> {
    let mut out: Vec<Dot> = Vec::new();
    for l in events.iter().filter_map(|e| e.event.location.as_ref()) {
        let (Some(lat), Some(lon)) = (l.lat, l.lon) else { continue };
        match out.iter_mut().find(|d| d.name == l.name && d.lat == lat && d.lon == lon) {
            Some(d) => d.count += 1,
            None => out.push(Dot { name: l.name.clone(), lat, lon, count: 1 }),
        }
    }
    // Small dots last, so they are drawn over the large ones.
    out.sort_by_key(|d| std::cmp::Reverse(d.count));
    out
}

/// The map: country shapes in an equirectangular projection (x = lon +
/// 180, y = 90 - lat), dots with an area proportional to their count, each
/// a link built by `href`.
pub fn world_svg(dots: &[Dot], href: impl Fn(&Dot) -> String) -> String {
    let mut out = String::from(
        "<svg class=\"map\" viewBox=\"0 0 360 180\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"world map of events\">\
         <rect width=\"360\" height=\"180\" fill=\"#eef3f8\"/><g fill=\"#d9dee5\" stroke=\"#fff\" stroke-width=\"0.2\">",
    );
    for line in WORLD.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.splitn(3, '\t');
        if let (Some(_), Some(name), Some(d)) = (fields.next(), fields.next(), fields.next()) {
            let _ = write!(out, "<path d=\"{d}\"><title>{}</title></path>", esc(name));
        }
    }
    out.push_str("</g><g fill=\"#b0261b\" fill-opacity=\"0.6\" stroke=\"#7a1a12\" stroke-width=\"0.15\">");
    for dot in dots {
        let r = 0.8 + (dot.count as f64).sqrt() * 0.6;
        let _ = write!(
            out,
            "<a href=\"{}\"><circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{r:.2}\"><title>{}: {} event{}</title></circle></a>",
            esc(&href(dot)),
            dot.lon + 180.0,
            90.0 - dot.lat,
            esc(&dot.name),
            dot.count,
            if dot.count == 1 { "" } else { "s" }
        );
    }
    out + "</g></svg>"
}

/// `GET /map`: the filtered events on the world map.
pub async fn map(State(state): State<AppState>, q: Pairs) -> Result<Response, PageError> {
    let pairs = pairs(q)?;
    let filter = parse_params(&pairs, PARAMS)?.filter;
    let f = filter.clone();
    let events = state.read(move |r| Ok::<_, StoreError>(r.events(&f, None, MAP_EVENTS)?.events)).await?;
    let dots = dots(&events);
    let located: usize = dots.iter().map(|d| d.count).sum();
    let svg = world_svg(&dots, |d| evidence_link(&filter, d));
    let body = format!(
        "{}<p>{located} of the {} newest matching events have a place; each dot links to the events within {DOT_KM} km.</p>{svg}\
         <p><small>Country shapes: Natural Earth (public domain), via world-atlas.</small></p>",
        // The same form, sent back to the map.
        form(&filter, None).replacen("action=\"/\"", "action=\"/map\"", 1),
        events.len()
    );
    Ok(html(StatusCode::OK, "map", &body))
}

/// The search page with the map's filters and the events near a dot.
fn evidence_link(filter: &Filter, dot: &Dot) -> String {
    let mut q: Vec<(&str, String)> = filter.to_query().into_iter().filter(|(k, _)| *k != "near").collect();
    q.push(("near", format!("{:.4},{:.4},{DOT_KM}", dot.lat, dot.lon)));
    format!("/?{}", query(&q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_country_and_one_linked_dot_per_place() {
        let dots = [Dot { name: "Istanbul".into(), lat: 41.01, lon: 28.95, count: 4 }];
        let svg = world_svg(&dots, |d| format!("/?near={},{},25", d.lat, d.lon));
        assert_eq!(svg.matches("<path ").count(), WORLD.lines().filter(|l| !l.starts_with('#')).count());
        assert!(svg.contains("<a href=\"/?near=41.01,28.95,25\"><circle cx=\"208.95\" cy=\"48.99\""), "{}", &svg[svg.len() - 300..]);
        assert!(svg.contains("<title>Istanbul: 4 events</title>"));
    }

    #[test]
    fn a_dot_links_to_the_filtered_events_near_it() {
        let mut f = Filter::default();
        f.set("root", "04").unwrap();
        f.set("near", "0,0,5000").unwrap();
        let link = evidence_link(&f, &Dot { name: "Doha".into(), lat: 25.2855, lon: 51.531, count: 1 });
        assert_eq!(link, "/?root=04&near=25.2855%2C51.5310%2C25");
    }
}
