//! The JSON API. Every query parameter is checked: an unknown or malformed
//! one is a 400 that names it.

use axum::body::{to_bytes, Body};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad::Document;
use dyad_store::filter::code;
use dyad_store::{content_hash, Cursor, Filter, Interval, Outcome, ParamError, Prepared};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use crate::{ApiError, AppState};

/// Largest accepted request body.
pub const MAX_BODY: usize = 5 * 1024 * 1024;

/// Most documents coded for one request ...
pub const MAX_DOCUMENTS: usize = 100;

/// ... and the largest text of one: what the coder does in a fraction of
/// a second, so that no request holds the coder for long.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

pub const EVENT_PARAMS: &[&str] =
    &["source", "target", "dyad", "root", "cameo", "quad", "since", "until", "modality", "text", "country_geo", "near", "cursor", "limit"];
pub const TIMELINE_PARAMS: &[&str] =
    &["source", "target", "root", "cameo", "quad", "since", "until", "modality", "text", "country_geo", "near", "interval"];
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 1000;

/// Query parameters after checking.
#[derive(Default)]
pub struct Params {
    pub filter: Filter,
    pub cursor: Option<Cursor>,
    pub limit: Option<usize>,
    pub interval: Option<Interval>,
    pub top: Option<usize>,
}

/// Parses `pairs`, accepting only the names in `accepted`. Empty values
/// count as absent (what an empty form field sends).
pub fn parse_params(pairs: &[(String, String)], accepted: &[&str]) -> Result<Params, ParamError> {
    let mut p = Params::default();
    for (name, value) in pairs {
        let (name, value) = (name.as_str(), value.trim());
        if !accepted.contains(&name) {
            return Err(ParamError::new(name, format!("unknown parameter (accepted here: {})", accepted.join(", "))));
        }
        if value.is_empty() {
            continue;
        }
        match name {
            "cursor" => p.cursor = Some(Cursor::parse(name, value)?),
            "limit" => p.limit = Some(count(name, value, MAX_LIMIT)?),
            "top" => p.top = Some(count(name, value, MAX_LIMIT)?),
            "interval" => p.interval = Some(Interval::parse(name, value)?),
            _ => p.filter.set(name, value)?,
        }
    }
    Ok(p)
}

fn count(name: &str, value: &str, max: usize) -> Result<usize, ParamError> {
    match value.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(ParamError::new(name, format!("expected a number from 1 to {max}, got {value:?}"))),
    }
}

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn pairs(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError { status: StatusCode::BAD_REQUEST, error: e.body_text(), parameter: None })
}

fn path<T>(p: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    p.map(|Path(v)| v).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))
}

pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let counts = state.read(|r| r.counts()).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "schema_version": counts.schema_version,
        "documents": counts.documents,
        "events": counts.events,
        "dyads": counts.dyads,
        "writes_enabled": state.0.token.is_some(),
    })))
}

pub async fn events(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let p = parse_params(&pairs(q)?, EVENT_PARAMS)?;
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    let page = state.read(move |r| r.events(&p.filter, p.cursor.as_ref(), limit)).await?;
    Ok(Json(page).into_response())
}

fn event_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().map_err(|_| ParamError::new("id", format!("expected an event id (a number), got {raw:?}")).into())
}

pub async fn event(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = event_id(&path(id)?)?;
    match state.read(move |r| r.event(id)).await? {
        Some(detail) => Ok(Json(detail).into_response()),
        None => Err(ApiError::not_found(format!("no event {id}"))),
    }
}

pub async fn dyads(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let p = parse_params(&pairs(q)?, &["top"])?;
    let top = p.top.unwrap_or(20);
    let rows = state.read(move |r| r.top_dyads(top)).await?;
    Ok(Json(json!({ "dyads": rows })).into_response())
}

/// The two path codes of a dyad route, checked.
pub fn dyad_path(a: &str, b: &str) -> Result<(String, String), ParamError> {
    Ok((code("a", a)?, code("b", b)?))
}

pub async fn timeline(
    State(state): State<AppState>,
    ab: Result<Path<(String, String)>, PathRejection>,
    q: Pairs,
) -> Result<Response, ApiError> {
    let (a, b) = path(ab)?;
    let (a, b) = dyad_path(&a, &b)?;
    let mut p = parse_params(&pairs(q)?, TIMELINE_PARAMS)?;
    let interval = p.interval.unwrap_or(Interval::Month);
    p.filter.dyad = Some((a.clone(), b.clone()));
    let (interval, periods) = state.read(move |r| r.timeline(&p.filter, interval)).await?;
    Ok(Json(json!({ "a": a, "b": b, "interval": interval.as_str(), "periods": periods })).into_response())
}

pub async fn document(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = path(id)?;
    let key = id.clone();
    match state.read(move |r| r.document(&key)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError::not_found(format!("no document {id:?}"))),
    }
}

pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

/// Whether two tokens are equal, in time that does not depend on where
/// they differ.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.0.token else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "writes are disabled: start the server with --token or DYAD_TOKEN"));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(g) if same_token(g.trim().as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::FORBIDDEN, "wrong bearer token")),
        None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "missing `Authorization: Bearer <token>` header")),
    }
}

/// A POST body must be declared JSON (415 otherwise), so that a form or a
/// file posted by mistake is refused before it is read.
fn json_content(headers: &HeaderMap) -> Result<(), ApiError> {
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = declared.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("expected `Content-Type: application/json`, got {:?}", if declared.is_empty() { "none" } else { declared }),
    ))
}

/// At most [`MAX_DOCUMENTS`] documents of at most [`MAX_DOCUMENT_BYTES`]
/// each (413, naming the document, otherwise).
fn within_coding_limits(docs: &[Document]) -> Result<(), ApiError> {
    if docs.len() > MAX_DOCUMENTS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{} documents in one request; at most {MAX_DOCUMENTS}: send them in several", docs.len()),
        ));
    }
    match docs.iter().position(|d| d.text.len() > MAX_DOCUMENT_BYTES) {
        Some(i) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("document {i} ({:?}) has {} bytes of text; at most {MAX_DOCUMENT_BYTES}", docs[i].id, docs[i].text.len()),
        )),
        None => Ok(()),
    }
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("request body is larger than {} MB", MAX_BODY / (1024 * 1024)))
}

/// The documents of a POST body: one object or an array of them, each as
/// a line of `dyad code` JSON Lines (`text` required; `id`, `date`,
/// `title`, `url`, `source`). A document without an id is named by its
/// content.
pub fn documents_from_json(bytes: &[u8]) -> Result<Vec<Document>, ApiError> {
    let bad = |message: String| ApiError::from(ParamError::new("body", message));
    let value: Value = serde_json::from_slice(bytes).map_err(|e| bad(format!("not JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => return Err(bad("expected a document object or an array of document objects".into())),
    };
    if items.is_empty() {
        return Err(bad("the array holds no documents".into()));
    }
    let lines: Vec<String> = items.iter().map(Value::to_string).collect();
    let mut docs = Vec::with_capacity(items.len());
    for (i, item) in dyad::document::read_jsonl("body", "body", lines.join("\n").as_bytes()).into_iter().enumerate() {
        let mut doc = item.map_err(|e| bad(format!("document {}: {}", e.line.map_or(i, |l| l - 1), e.message)))?;
        if items[i].get("id").is_none_or(Value::is_null) {
            doc.id = format!("sha256:{}", &content_hash(&doc)[..16]);
        }
        docs.push(doc);
    }
    Ok(docs)
}

#[derive(Serialize)]
struct Written {
    id: String,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
    events: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn written(p: &Prepared, outcome: Outcome) -> Written {
    let (outcome, duplicate_of) = match outcome {
        Outcome::Stored => ("stored", None),
        Outcome::Replaced => ("replaced", None),
        Outcome::Unchanged => ("unchanged", None),
        Outcome::Duplicate(other) => ("duplicate", Some(other)),
    };
    let events = if duplicate_of.is_none() && outcome != "unchanged" { p.events.len() } else { 0 };
    Written { id: p.doc.id.clone(), outcome, duplicate_of, events, error: None }
}

pub async fn post_documents(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    json_content(&headers)?;
    // A declared length over the limit is refused before reading a byte.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    let bytes = to_bytes(body, MAX_BODY).await.map_err(|e| {
        if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>()) {
            too_large()
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, format!("cannot read the body: {e}"))
        }
    })?;
    let docs = documents_from_json(&bytes)?;
    within_coding_limits(&docs)?;
    let coder_state = state.clone();
    let coding = state.0.coding.acquire().await.map_err(ApiError::internal)?;
    let coded =
        tokio::task::spawn_blocking(move || docs.into_par_iter().map(|d| Prepared::code(coder_state.coder(), d)).collect::<Vec<_>>())
            .await
            .map_err(ApiError::internal)?;
    drop(coding);
    // A document dyad panicked on is reported in its place; the others of
    // the request are stored all the same.
    let written = state
        .write(move |writer| {
            let mut batch = writer.begin()?;
            let mut out = Vec::with_capacity(coded.len());
            for p in &coded {
                out.push(match p {
                    Ok(p) => written(p, batch.write(p, false)?),
                    Err(e) => {
                        Written { id: e.doc_id.clone(), outcome: "failed", duplicate_of: None, events: 0, error: Some(e.to_string()) }
                    }
                });
            }
            batch.commit()?;
            Ok(out)
        })
        .await?;
    Ok(Json(json!({ "documents": written })).into_response())
}

/// Unknown paths: JSON under /api/, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        ApiError::not_found(format!("no route {}", uri.path())).into_response()
    } else {
        crate::dashboard::not_found(uri.path()).into_response()
    }
}
