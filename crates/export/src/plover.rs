//! PLOVER JSON Lines: one object per event record with a PLOVER category
//! (CAMEO 01x statements have none and are left out, as PLOVER drops
//! them).

use dyad_store::{EventRecord, Mention};
use serde_json::{json, Value};

/// PLOVER's quad categories: 1 verbal cooperation, 2 material cooperation,
/// 3 verbal conflict, 4 material conflict (the PLOVER codebook's table).
pub fn plover_quad(category: &str) -> Option<u8> {
    Some(match category {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => 2,
        "DEMAND" | "DISAPPROVE" | "REJECT" | "THREATEN" | "SANCTION" => 3,
        "PROTEST" | "CRIME" | "MOBILIZE" | "COERCE" | "ASSAULT" | "FIGHT" => 4,
        _ => return None,
    })
}

/// The record as a PLOVER object, or `None` when it has no PLOVER
/// category.
pub fn plover_record(record: &EventRecord, mentions: &[Mention]) -> Option<Value> {
    let first = mentions.first()?;
    let event = first.plover_type.as_deref()?;
    let story_ids: Vec<&str> = mentions.iter().map(|m| m.doc_id.as_str()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    Some(json!({
        "id": record.id.to_string(),
        "date": record.date,
        "event": event,
        "mode": first.plover_mode,
        "context": first.plover_context,
        "quad_code": plover_quad(event),
        "actor": record.source_code,
        "actor_text": first.source.text,
        "recipient": record.target_code,
        "recipient_text": first.target.text,
        "event_text": first.action_text,
        "modality": record.modality,
        "story_ids": story_ids,
        "sent_ids": mentions.iter().map(|m| format!("{}:{}", m.doc_id, m.sentence_index)).collect::<Vec<_>>(),
        "text": first.sentence,
        "source": first.outlet,
        "url": first.url,
        "num_mentions": record.num_mentions,
        "num_sources": record.num_sources,
        "num_articles": record.num_articles,
        "cameo": record.cameo,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_its_quad() {
        let all = [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "INVESTIGATE",
            "DEMAND",
            "DISAPPROVE",
            "REJECT",
            "THREATEN",
            "SANCTION",
            "PROTEST",
            "CRIME",
            "MOBILIZE",
            "COERCE",
            "ASSAULT",
            "FIGHT",
        ];
        assert_eq!(all.len(), 19);
        assert!(all.iter().all(|c| plover_quad(c).is_some()));
        assert_eq!(plover_quad("STATEMENT"), None);
    }
}
