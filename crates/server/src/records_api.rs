//! Event records over HTTP: `/api/records` (records with their counts,
//! filtered by date and by how many outlets and articles report them) and
//! `/api/records/{id}/mentions` (where each was read). `/api/events` keeps
//! serving the mentions, one per coded sentence.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::{ParamError, RecordFilter};
use serde_json::json;

use crate::api::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::{ApiError, AppState};

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The filter, `after` (the last id of the previous page) and `limit`.
fn record_params(pairs: &[(String, String)]) -> Result<(RecordFilter, i64, usize), ParamError> {
    let (mut filter, mut after, mut limit) = (RecordFilter::default(), 0, DEFAULT_LIMIT);
    for (name, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "after" => after = value.parse().map_err(|_| ParamError::new("after", format!("expected a record id, got {value:?}")))?,
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| ParamError::new("limit", format!("expected a number from 1 to {MAX_LIMIT}, got {value:?}")))?
            }
            other => filter.set(other, value).map_err(|e| ParamError::new(&e.name, format!("{} (or after, limit)", e.message)))?,
        }
    }
    Ok((filter, after, limit))
}

pub async fn records(State(state): State<AppState>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = q.map(|Query(p)| p).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let (filter, after, limit) = record_params(&pairs)?;
    let records = state.read(move |r| r.records(&filter, after, limit)).await?;
    let next_after = (records.len() == limit).then(|| records.last().map(|r| r.id)).flatten();
    Ok(Json(json!({ "records": records, "next_after": next_after })).into_response())
}

pub async fn record_mentions(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let raw = id.map(|Path(v)| v).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let id: i64 = raw.parse().map_err(|_| ParamError::new("id", format!("expected a record id (a number), got {raw:?}")))?;
    let found = state.read(move |r| Ok(r.record(id)?.map(|rec| (rec, r.record_mentions(id))))).await?;
    match found {
        Some((record, mentions)) => Ok(Json(json!({ "record": record, "mentions": mentions? })).into_response()),
        None => Err(ApiError::not_found(format!("no record {id}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn parameters_are_checked() {
        let (f, after, limit) = record_params(&pairs(&[("min_sources", "2"), ("after", "10"), ("limit", "5"), ("since", "")])).unwrap();
        assert_eq!((f.min_sources, f.since, after, limit), (Some(2), None, 10, 5));
        assert_eq!(record_params(&pairs(&[("limit", "0")])).unwrap_err().name, "limit");
        assert_eq!(record_params(&pairs(&[("dyad", "RUS,UKR")])).unwrap_err().name, "dyad");
    }
}
