//! Event filters, parsed from query-string or command-line values. The
//! command line and the HTTP API share this parser, so both accept and
//! refuse the same values with the same messages.

use std::fmt;

use chrono::NaiveDate;
use dyad::event::Modality;

/// A value that cannot be used, and the parameter it was given for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid parameter {name:?}: {message}")]
pub struct ParamError {
    pub name: String,
    pub message: String,
}

impl ParamError {
    pub fn new(name: &str, message: impl Into<String>) -> ParamError {
        ParamError { name: name.to_string(), message: message.into() }
    }
}

/// Which events to return. Lists within one filter are alternatives;
/// different filters must all hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Actor code prefixes: `RUS` matches `RUS`, `RUSGOV`, `RUSMIL`.
    pub source: Option<String>,
    pub target: Option<String>,
    /// Two code prefixes, in either direction.
    pub dyad: Option<(String, String)>,
    /// Two-digit CAMEO roots.
    pub roots: Vec<String>,
    /// CAMEO code prefixes: `04` is every consultation, `057` one code.
    pub cameo: Vec<String>,
    pub quads: Vec<u8>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub modalities: Vec<Modality>,
    /// An FTS5 query over the evidence sentences.
    pub text: Option<String>,
    /// ISO3 country of the event's location.
    pub country_geo: Option<String>,
    /// Events located within a distance of a point.
    pub near: Option<Near>,
}

/// A circle on the globe: `LAT,LON,KM`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Near {
    pub lat: f64,
    pub lon: f64,
    pub km: f64,
}

impl Filter {
    /// The parameter names [`Filter::set`] accepts.
    pub const PARAMS: [&'static str; 12] =
        ["source", "target", "dyad", "root", "cameo", "quad", "since", "until", "modality", "text", "country_geo", "near"];

    /// Sets the filter `name` from `value`. An empty value leaves the
    /// filter unset (an empty form field means "any"); an unknown name is an
    /// error.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ParamError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        match name {
            "source" => self.source = Some(code(name, value)?),
            "target" => self.target = Some(code(name, value)?),
            "dyad" => {
                let parts: Vec<&str> = value.split(',').collect();
                let [a, b] = parts[..] else {
                    return Err(ParamError::new(name, format!("expected two actor codes separated by a comma, got {value:?}")));
                };
                self.dyad = Some((code(name, a)?, code(name, b)?));
            }
            "root" => self.roots = list(name, value, |v| digits(name, v, 2..=2))?,
            "cameo" => self.cameo = list(name, value, |v| digits(name, v, 2..=4))?,
            "quad" => {
                self.quads = list(name, value, |v| match v.parse::<u8>() {
                    Ok(q @ 1..=4) => Ok(q),
                    _ => Err(ParamError::new(name, format!("expected a QuadClass 1 to 4, got {v:?}"))),
                })?
            }
            "since" => self.since = Some(date(name, value)?),
            "until" => self.until = Some(date(name, value)?),
            "modality" => self.modalities = list(name, value, |v| modality(name, v))?,
            "text" => self.text = Some(value.to_string()),
            "country_geo" => self.country_geo = Some(iso3(name, value)?),
            "near" => self.near = Some(near(name, value)?),
            _ => return Err(ParamError::new(name, format!("unknown parameter (known: {})", Filter::PARAMS.join(", ")))),
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since > until {
                return Err(ParamError::new(name, format!("since ({since}) is after until ({until})")));
            }
        }
        Ok(())
    }

    /// The query-string form of this filter (for links that keep it).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let join = |v: &[String]| v.join(",");
        let mut out = Vec::new();
        let mut push = |k, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                out.push((k, v));
            }
        };
        push("source", self.source.clone());
        push("target", self.target.clone());
        push("dyad", self.dyad.as_ref().map(|(a, b)| format!("{a},{b}")));
        push("root", Some(join(&self.roots)));
        push("cameo", Some(join(&self.cameo)));
        push("quad", Some(self.quads.iter().map(u8::to_string).collect::<Vec<_>>().join(",")));
        push("since", self.since.map(|d| d.to_string()));
        push("until", self.until.map(|d| d.to_string()));
        push("modality", Some(self.modalities.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")));
        push("text", self.text.clone());
        push("country_geo", self.country_geo.clone());
        push("near", self.near.map(|n| format!("{},{},{}", n.lat, n.lon, n.km)));
        out
    }
}

/// An actor code prefix: capital letters, case-insensitive on input.
pub fn code(name: &str, value: &str) -> Result<String, ParamError> {
    let v = value.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 30 || !v.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ParamError::new(name, format!("expected an actor code prefix of letters such as RUS or RUSGOV, got {value:?}")));
    }
    Ok(v)
}

fn iso3(name: &str, value: &str) -> Result<String, ParamError> {
    let v = value.to_ascii_uppercase();
    if v.len() != 3 || !v.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ParamError::new(name, format!("expected an ISO 3166 alpha-3 country code such as TUR, got {value:?}")));
    }
    Ok(v)
}

fn near(name: &str, value: &str) -> Result<Near, ParamError> {
    let bad = || ParamError::new(name, format!("expected LAT,LON,KM (latitude -90..90, longitude -180..180, km > 0), got {value:?}"));
    let numbers: Vec<f64> = value.split(',').map(|v| v.trim().parse::<f64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    let [lat, lon, km] = numbers[..] else { return Err(bad()) };
    if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && km > 0.0 && km.is_finite()) {
        return Err(bad());
    }
    Ok(Near { lat, lon, km })
}

fn digits(name: &str, value: &str, len: std::ops::RangeInclusive<usize>) -> Result<String, ParamError> {
    if !len.contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
        let what =
            if len.start() == len.end() { "a two-digit CAMEO root such as 04" } else { "a CAMEO code of 2 to 4 digits such as 04 or 057" };
        return Err(ParamError::new(name, format!("expected {what}, got {value:?}")));
    }
    Ok(value.to_string())
}

fn date(name: &str, value: &str) -> Result<NaiveDate, ParamError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| ParamError::new(name, format!("expected a date YYYY-MM-DD, got {value:?}")))
}

pub fn modality(name: &str, value: &str) -> Result<Modality, ParamError> {
    Ok(match value {
        "asserted" => Modality::Asserted,
        "negated" => Modality::Negated,
        "hypothetical" => Modality::Hypothetical,
        "conditional" => Modality::Conditional,
        "future" => Modality::Future,
        _ => return Err(ParamError::new(name, format!("expected asserted, negated, hypothetical, conditional or future, got {value:?}"))),
    })
}

fn list<T>(name: &str, value: &str, one: impl Fn(&str) -> Result<T, ParamError>) -> Result<Vec<T>, ParamError> {
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if items.iter().any(|i| i.is_empty()) {
        return Err(ParamError::new(name, format!("empty item in list {value:?}")));
    }
    items.into_iter().map(one).collect()
}

/// Where the previous page ended: events come newest first, ordered by
/// (date, id) descending, and undated events last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub date: Option<NaiveDate>,
    pub id: i64,
}

impl Cursor {
    pub fn parse(name: &str, value: &str) -> Result<Cursor, ParamError> {
        let bad = || ParamError::new(name, format!("not a cursor returned by this server: {value:?}"));
        let (date, id) = value.split_once('~').ok_or_else(bad)?;
        let id = id.parse::<i64>().map_err(|_| bad())?;
        let date = match date {
            "" => None,
            d => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad())?),
        };
        Ok(Cursor { date, id })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date {
            Some(d) => write!(f, "{d}~{}", self.id),
            None => write!(f, "~{}", self.id),
        }
    }
}

/// The period of a timeline, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Interval {
    Day,
    Week,
    Month,
}

impl Interval {
    pub fn parse(name: &str, value: &str) -> Result<Interval, ParamError> {
        match value {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            _ => Err(ParamError::new(name, format!("expected day, week or month, got {value:?}"))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_filter_and_names_bad_ones() {
        let mut f = Filter::default();
        for (k, v) in [
            ("source", "rusgov"),
            ("dyad", "RUS, UKR"),
            ("root", "04,16"),
            ("cameo", "057"),
            ("quad", "3,4"),
            ("since", "2025-01-01"),
            ("until", "2025-12-31"),
            ("modality", "asserted,future"),
            ("text", "talks"),
            ("target", ""),
        ] {
            f.set(k, v).unwrap();
        }
        assert_eq!(f.source.as_deref(), Some("RUSGOV"));
        assert_eq!(f.dyad, Some(("RUS".into(), "UKR".into())));
        assert_eq!((f.quads.clone(), f.target.clone()), (vec![3, 4], None));
        let mut again = Filter::default();
        for (k, v) in f.to_query() {
            again.set(k, &v).unwrap();
        }
        assert_eq!(again, f);

        for (k, v) in [
            ("quad", "5"),
            ("root", "4"),
            ("cameo", "05a"),
            ("since", "yesterday"),
            ("source", "RUS GOV"),
            ("dyad", "RUS"),
            ("modality", "maybe"),
            ("root", "04,,05"),
        ] {
            let e = Filter::default().set(k, v).unwrap_err();
            assert_eq!(e.name, k, "{e}");
        }
        assert_eq!(Filter::default().set("colour", "red").unwrap_err().name, "colour");
        let mut f = Filter::default();
        f.set("since", "2025-02-01").unwrap();
        assert!(f.set("until", "2025-01-01").is_err());
    }

    #[test]
    fn cursors_round_trip() {
        for c in [Cursor { date: NaiveDate::from_ymd_opt(2025, 9, 12), id: 42 }, Cursor { date: None, id: 7 }] {
            assert_eq!(Cursor::parse("cursor", &c.to_string()).unwrap(), c);
        }
        assert_eq!(Cursor::parse("cursor", "12").unwrap_err().name, "cursor");
    }
}
