//! Dashboard pages of event records: `/records` lists records with their
//! counts (filter by date and by how many outlets report them), and
//! `/records/{id}` lists where a record was read: outlet, story cluster,
//! document and sentence.

use std::fmt::Write;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dyad_store::{EventRecord, Mention, RecordFilter};

use crate::dashboard::{html, not_found, PageError};
use crate::html::{esc, url};
use crate::AppState;

const PAGE_SIZE: usize = 100;

fn filter_of(pairs: &[(String, String)]) -> Result<RecordFilter, PageError> {
    let mut f = RecordFilter::default();
    for (name, value) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        f.set(name, value.trim()).map_err(|e| PageError::bad_request(e.to_string()))?;
    }
    Ok(f)
}

fn form(f: &RecordFilter) -> String {
    let v = |o: &Option<String>| esc(o.as_deref().unwrap_or(""));
    let n = |o: Option<i64>| o.map(|n| n.to_string()).unwrap_or_default();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/records\">\
         <label>since<input name=\"since\" value=\"{}\" placeholder=\"YYYY-MM-DD\"></label>\
         <label>until<input name=\"until\" value=\"{}\" placeholder=\"YYYY-MM-DD\"></label>\
         <label>min sources<input name=\"min_sources\" value=\"{}\"></label>\
         <label>min articles<input name=\"min_articles\" value=\"{}\"></label><button>Show</button></form>",
        v(&f.since),
        v(&f.until),
        n(f.min_sources),
        n(f.min_articles)
    )
}

fn records_table(records: &[EventRecord]) -> String {
    let mut out = String::from(
        "<table class=\"events\"><tr><th>date</th><th>source</th><th>target</th><th>cameo</th><th>modality</th>\
         <th>mentions</th><th>articles</th><th>sources</th><th>stories</th><th>last seen</th></tr>",
    );
    for r in records {
        let _ = write!(
            out,
            "<tr><td><a href=\"/records/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.id,
            esc(r.date.as_deref().unwrap_or("-")),
            esc(r.source_code.as_deref().unwrap_or("-")),
            esc(r.target_code.as_deref().unwrap_or("-")),
            esc(&r.cameo),
            esc(&r.modality),
            r.num_mentions,
            r.num_articles,
            r.num_sources,
            r.num_stories,
            esc(&r.last_seen)
        );
    }
    out + "</table>"
}

pub async fn records(
    State(state): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, PageError> {
    let pairs = q.map(|Query(p)| p).map_err(|e| PageError::bad_request(e.body_text()))?;
    let filter = filter_of(&pairs)?;
    let f = filter.clone();
    let records = state.read(move |r| r.records(&f, 0, PAGE_SIZE)).await?;
    let body = format!(
        "<h1>Event records</h1><p>Mentions grouped by day, source, target, CAMEO code and modality across documents; \
         <em>sources</em> counts outlets, <em>stories</em> near-duplicate clusters (first {PAGE_SIZE}).</p>{}{}",
        form(&filter),
        records_table(&records)
    );
    Ok(html(StatusCode::OK, "Event records", &body))
}

fn mentions_table(mentions: &[Mention]) -> String {
    let mut out = String::from("<table class=\"events\"><tr><th>outlet</th><th>story</th><th>document</th><th>sentence</th></tr>");
    for m in mentions {
        let link = m.url.as_deref().map(|u| format!(" <a href=\"{0}\" rel=\"noreferrer\">{0}</a>", esc(u))).unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td><a href=\"/documents/{}#s{}\">{}</a>{link}</td><td class=\"evidence\">{}</td></tr>",
            esc(&m.outlet),
            m.story.map(|s| s.to_string()).unwrap_or_default(),
            url(&m.doc_id),
            m.sentence_index,
            esc(&m.doc_id),
            esc(m.sentence.as_deref().unwrap_or(""))
        );
    }
    out + "</table>"
}

pub async fn record(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, PageError> {
    let Path(raw) = id.map_err(|e| PageError::bad_request(e.body_text()))?;
    let id: i64 = raw.parse().map_err(|_| not_found(&format!("/records/{raw}")))?;
    let found = state.read(move |r| Ok(r.record(id)?.map(|rec| (rec, r.record_mentions(id))))).await?;
    let Some((record, mentions)) = found else { return Err(not_found(&format!("/records/{id}"))) };
    let mentions = mentions.map_err(crate::ApiError::from)?;
    let body =
        format!("<h1>Record {id}</h1>{}<h2>Mentions</h2>{}", records_table(std::slice::from_ref(&record)), mentions_table(&mentions));
    Ok(html(StatusCode::OK, &format!("Record {id}"), &body))
}
