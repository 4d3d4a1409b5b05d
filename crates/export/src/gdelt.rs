//! GDELT 2.0 tables: Events (one row per record, the 61 columns in order)
//! and Mentions (one row per mention). Columns dyad has nothing for
//! (ethnic, religion and known-group codes, tone, geography) stay empty.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use dyad_store::{EventRecord, Mention};

/// The GDELT 2.0 Events columns, in order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The GDELT 2.0 Mentions columns, in order.
pub const MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// GDELT's MentionType for a web page; dyad reads no broadcast or print
/// feeds.
const MENTION_TYPE_WEB: &str = "1";

/// `YYYYMMDDHHMMSS` of an RFC 3339 timestamp as the store writes them.
pub fn gdelt_timestamp(rfc3339: &str) -> String {
    NaiveDateTime::parse_from_str(rfc3339.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
        .map(|t| t.format("%Y%m%d%H%M%S").to_string())
        .unwrap_or_default()
}

/// Year plus the fraction of the year gone, as GDELT's FractionDate.
fn fraction_date(day: NaiveDate) -> String {
    let days_in_year = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() { 366.0 } else { 365.0 };
    format!("{:.4}", f64::from(day.year()) + f64::from(day.ordinal0()) / days_in_year)
}

/// One Events row. `mentions` are the record's mentions (the first one
/// gives the names, types and source URL).
pub fn event_row(record: &EventRecord, mentions: &[Mention]) -> Vec<String> {
    let mut row = vec![String::new(); EVENT_COLUMNS.len()];
    let first = mentions.first();
    row[0] = record.id.to_string();
    if let Some(day) = record.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        row[1] = day.format("%Y%m%d").to_string();
        row[2] = day.format("%Y%m").to_string();
        row[3] = day.year().to_string();
        row[4] = fraction_date(day);
    }
    for (at, code, actor) in [(5, &record.source_code, first.map(|m| &m.source)), (15, &record.target_code, first.map(|m| &m.target))] {
        row[at] = code.clone().unwrap_or_default();
        row[at + 1] = actor.and_then(|a| a.name.clone()).map(|n| n.to_uppercase()).unwrap_or_default();
        row[at + 2] = actor.and_then(|a| a.country.clone()).unwrap_or_default();
        row[at + 7] = actor.and_then(|a| a.sector.clone()).unwrap_or_default();
    }
    // GDELT's IsRootEvent: the event is in the lead of an article (its
    // headline or first sentence).
    row[25] = u8::from(mentions.iter().any(|m| m.headline || m.sentence_index <= 1)).to_string();
    row[26] = record.cameo.clone();
    row[27] = record.cameo.chars().take(3).collect();
    if let Some(m) = first {
        row[28] = m.root.clone();
        row[29] = m.quad_class.to_string();
        row[30] = crate::goldstein_text(m.goldstein);
        row[60] = m.url.clone().unwrap_or_else(|| m.doc_id.clone());
    }
    row[31] = record.num_mentions.to_string();
    row[32] = record.num_sources.to_string();
    row[33] = record.num_articles.to_string();
    row[59] = gdelt_timestamp(&record.first_seen);
    row
}

/// One Mentions row.
pub fn mention_row(record: &EventRecord, m: &Mention) -> Vec<String> {
    let offset = |o: Option<i64>| o.map_or_else(|| "-1".to_string(), |o| o.to_string());
    let explicit = |a: &dyad_store::MentionActor| a.text.as_deref().is_some_and(|t| !t.is_empty());
    vec![
        record.id.to_string(),
        gdelt_timestamp(&record.first_seen),
        gdelt_timestamp(&m.seen),
        MENTION_TYPE_WEB.to_string(),
        m.outlet.clone(),
        m.url.clone().unwrap_or_else(|| m.doc_id.clone()),
        (m.sentence_index + 1).to_string(),
        offset(m.source.start),
        offset(m.target.start),
        m.action_start.to_string(),
        // InRawText: both actors are named in the text, not implied.
        u8::from(explicit(&m.source) && (explicit(&m.target) || m.target.name.is_none())).to_string(),
        String::new(),
        m.doc_chars.to_string(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_fractions() {
        assert_eq!(gdelt_timestamp("2025-09-12T08:05:09Z"), "20250912080509");
        assert_eq!(gdelt_timestamp("garbage"), "");
        assert_eq!(fraction_date(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()), "2025.0000");
        assert_eq!(fraction_date(NaiveDate::from_ymd_opt(2024, 7, 2).unwrap()), "2024.5000");
    }
}
