//! Events as Python dicts, built directly: the dict `json.loads` gives for
//! the event's JSON line, without going through serde.
//!
//! Why not pythonize: converting was the part of `code_many` the CLI does
//! not pay (the CLI writes JSON text), and serde's generic path creates
//! every key anew as a Python string for every event. Here keys are
//! interned once per process and values go straight to Python objects.
//!
//! Every struct is destructured without `..`, so a field added to the
//! output contract (crates/events/src/event.rs) fails to compile here until
//! it is converted too; the pytest suite compares the dicts with `dyad
//! code`'s JSON Lines.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use dyad::event::{ActorRef, Location, Quote, Span};
use dyad::Event;
use dyad_events::cameo::Plover;
use dyad_events::dates::Precision;

/// The event as the dict `json.loads` gives for its JSON line.
pub fn event_to_dict<'py>(py: Python<'py>, event: &Event) -> PyResult<Bound<'py, PyDict>> {
    let Event {
        doc_id,
        sentence_index,
        sentence,
        date,
        date_precision,
        source,
        target,
        cameo,
        root,
        quad_class,
        goldstein,
        plover,
        action,
        modality,
        quote,
        mentions,
        headline,
        location,
        explain,
    } = event;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "doc_id"), doc_id)?;
    dict.set_item(intern!(py, "sentence_index"), sentence_index)?;
    dict.set_item(intern!(py, "sentence"), &**sentence)?;
    dict.set_item(intern!(py, "date"), date.map(|d| d.to_string()))?;
    dict.set_item(intern!(py, "date_precision"), precision_name(*date_precision))?;
    dict.set_item(intern!(py, "source"), source.as_ref().map(|a| actor_to_dict(py, a)).transpose()?)?;
    dict.set_item(intern!(py, "target"), target.as_ref().map(|a| actor_to_dict(py, a)).transpose()?)?;
    dict.set_item(intern!(py, "cameo"), cameo)?;
    dict.set_item(intern!(py, "root"), root)?;
    dict.set_item(intern!(py, "quad_class"), quad_class)?;
    dict.set_item(intern!(py, "goldstein"), shortest_f64(*goldstein))?;
    dict.set_item(intern!(py, "plover"), plover.as_ref().map(|p| plover_to_dict(py, p)).transpose()?)?;
    dict.set_item(intern!(py, "action"), span_to_dict(py, action)?)?;
    dict.set_item(intern!(py, "modality"), modality.as_str())?;
    dict.set_item(intern!(py, "quote"), quote.as_ref().map(|q| quote_to_dict(py, q)).transpose()?)?;
    dict.set_item(intern!(py, "mentions"), mentions)?;
    dict.set_item(intern!(py, "headline"), headline)?;
    dict.set_item(intern!(py, "location"), location.as_ref().map(|l| location_to_dict(py, l)).transpose()?)?;
    // Only `--explain` sets it, which the package never asks for; should it
    // come, it goes the generic way.
    if let Some(explain) = explain {
        let value = pythonize::pythonize(py, explain).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        dict.set_item(intern!(py, "explain"), value)?;
    }
    Ok(dict)
}

fn actor_to_dict<'py>(py: Python<'py>, actor: &ActorRef) -> PyResult<Bound<'py, PyDict>> {
    let ActorRef { code, country, sector, name, text, start, end } = actor;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "code"), &**code)?;
    dict.set_item(intern!(py, "country"), country.as_deref())?;
    dict.set_item(intern!(py, "sector"), sector.as_deref())?;
    dict.set_item(intern!(py, "name"), &**name)?;
    dict.set_item(intern!(py, "text"), text)?;
    dict.set_item(intern!(py, "start"), start)?;
    dict.set_item(intern!(py, "end"), end)?;
    Ok(dict)
}

fn span_to_dict<'py>(py: Python<'py>, span: &Span) -> PyResult<Bound<'py, PyDict>> {
    let Span { text, start, end } = span;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "text"), text)?;
    dict.set_item(intern!(py, "start"), start)?;
    dict.set_item(intern!(py, "end"), end)?;
    Ok(dict)
}

fn plover_to_dict<'py>(py: Python<'py>, plover: &Plover) -> PyResult<Bound<'py, PyDict>> {
    let Plover { kind, mode, context } = plover;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "type"), kind)?;
    dict.set_item(intern!(py, "mode"), mode)?;
    dict.set_item(intern!(py, "context"), context)?;
    Ok(dict)
}

fn quote_to_dict<'py>(py: Python<'py>, quote: &Quote) -> PyResult<Bound<'py, PyDict>> {
    let Quote { speaker, text } = quote;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "speaker"), speaker.as_ref().map(|a| actor_to_dict(py, a)).transpose()?)?;
    dict.set_item(intern!(py, "text"), text)?;
    Ok(dict)
}

fn location_to_dict<'py>(py: Python<'py>, location: &Location) -> PyResult<Bound<'py, PyDict>> {
    let Location { name, text, start, end, country, adm1, lat, lon, geonames_id, feature, precision } = location;
    let dict = PyDict::new(py);
    dict.set_item(intern!(py, "name"), name)?;
    dict.set_item(intern!(py, "text"), text)?;
    dict.set_item(intern!(py, "start"), start)?;
    dict.set_item(intern!(py, "end"), end)?;
    dict.set_item(intern!(py, "country"), country)?;
    dict.set_item(intern!(py, "adm1"), adm1)?;
    dict.set_item(intern!(py, "lat"), lat)?;
    dict.set_item(intern!(py, "lon"), lon)?;
    dict.set_item(intern!(py, "geonames_id"), geonames_id)?;
    dict.set_item(intern!(py, "feature"), feature)?;
    dict.set_item(intern!(py, "precision"), precision)?;
    Ok(dict)
}

/// serde's names of the variants (`rename_all = "lowercase"`).
fn precision_name(precision: Precision) -> &'static str {
    match precision {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Document => "document",
    }
}

/// JSON writes the f32 score in its shortest form ("-5.8"); widening the
/// f32 itself would give -5.800000190734863.
fn shortest_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}
