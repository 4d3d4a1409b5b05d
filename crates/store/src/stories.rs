//! Story clusters: near-duplicate documents (one wire story republished by
//! many sites, each with its own headline and credit line) found by MinHash
//! over word pairs with LSH banding (gaoya's seeded MinHasher).

use gaoya::minhash::{compute_minhash_similarity, MinHasher, MinHasher64V1};
use std::collections::BTreeMap;

use rusqlite::{params, Transaction};

/// Values in a signature, cut into [`BANDS`] bands of [`ROWS`]. A pair of
/// documents with Jaccard similarity 0.8 shares a band with probability
/// 0.985, a pair at 0.3 with 0.06.
const HASHES: usize = 32;
const BANDS: usize = 8;
const ROWS: usize = HASHES / BANDS;

/// How many of a band's earliest documents a new one is compared with. A
/// wire story copied a thousand times fills its buckets with copies of
/// one story; its first members stand for it, and comparing with all of
/// them made every write slower as the story grew.
const CANDIDATES_PER_BAND: i64 = 16;

/// Estimated Jaccard similarity of word pairs from which two documents are
/// one story.
pub const SAME_STORY: f64 = 0.5;

/// The MinHash signature of a text's lower-cased word pairs: pairs keep
/// some word order, so two reports using the same words differently still
/// differ.
pub fn signature(text: &str) -> Vec<u64> {
    let words: Vec<String> =
        text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect();
    let hasher = MinHasher64V1::new(HASHES);
    if words.len() < 2 {
        return hasher.create_signature(words.iter());
    }
    hasher.create_signature(words.windows(2))
}

/// The LSH key of each band of a signature: FNV-1a over the band's values,
/// written out because the keys are stored and must never change (std's
/// hasher may change between Rust releases).
fn band_keys(signature: &[u64]) -> Vec<i64> {
    signature
        .chunks(ROWS)
        .map(|rows| rows.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, v| (h ^ v).wrapping_mul(0x0100_0000_01b3)) as i64)
        .collect()
}

fn to_blob(signature: &[u64]) -> Vec<u8> {
    signature.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn from_blob(blob: &[u8]) -> Vec<u64> {
    blob.chunks_exact(8).map(|b| u64::from_le_bytes(b.try_into().expect("chunks of 8"))).collect()
}

/// Puts document `doc` (a row id, its text's [`signature`] `sig`) into the
/// story of its earliest near-duplicate, or starts a story of its own;
/// returns the story id.
pub(crate) fn assign_story(tx: &Transaction<'_>, doc: i64, sig: &[u64]) -> rusqlite::Result<i64> {
    let keys = band_keys(sig);
    tx.prepare_cached("DELETE FROM document_stories WHERE doc = ?")?.execute([doc])?;
    tx.prepare_cached("DELETE FROM story_bands WHERE doc = ?")?.execute([doc])?;
    let mut story = doc;
    for (other, other_story) in candidates(tx, &keys)? {
        let signature: Vec<u8> =
            tx.prepare_cached("SELECT signature FROM document_stories WHERE doc = ?")?.query_row([other], |r| r.get(0))?;
        if compute_minhash_similarity(sig, &from_blob(&signature)) >= SAME_STORY {
            story = story.min(other_story);
        }
    }
    tx.prepare_cached("INSERT INTO document_stories (doc, signature, story) VALUES (?, ?, ?)")?.execute(params![
        doc,
        to_blob(sig),
        story
    ])?;
    let mut band_row = tx.prepare_cached("INSERT OR IGNORE INTO story_bands (band, key, doc) VALUES (?, ?, ?)")?;
    for (band, key) in keys.iter().enumerate() {
        band_row.execute(params![band as i64, key, doc])?;
    }
    Ok(story)
}

/// The documents sharing a band key with `keys` (at most
/// [`CANDIDATES_PER_BAND`] a band), each once with its story: a copy of a
/// story shares all its bands with the earlier copies, and is compared with
/// each of them once.
fn candidates(tx: &Transaction<'_>, keys: &[i64]) -> rusqlite::Result<BTreeMap<i64, i64>> {
    let mut in_band = tx.prepare_cached(
        "SELECT b.doc, s.story FROM story_bands b JOIN document_stories s ON s.doc = b.doc
         WHERE b.band = ? AND b.key = ? ORDER BY b.doc LIMIT ?",
    )?;
    let mut found = BTreeMap::new();
    for (band, key) in keys.iter().enumerate() {
        for row in in_band.query_map(params![band as i64, key, CANDIDATES_PER_BAND], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (doc, story) = row?;
            found.insert(doc, story);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "Dockworkers went on strike at the port of San Antonio on Friday, demanding higher pay and an end to temporary contracts. \
        The port operator said no ships had been loaded since dawn and that thirty vessels were waiting offshore. \
        Chile's labour minister called on both sides to return to negotiations and offered government mediation.";

    #[test]
    fn a_republished_story_is_similar_and_another_story_is_not() {
        let copy = format!("Port strike: ships wait offshore\n\n{STORY}\n\nReporting by a wire service; editing by the desk.");
        let other = "The foreign ministers of both countries met in Geneva on Tuesday to discuss the border dispute that has strained relations for a decade.";
        let similar = compute_minhash_similarity(&signature(STORY), &signature(&copy));
        assert!(similar >= SAME_STORY, "copy at {similar}");
        assert!(compute_minhash_similarity(&signature(STORY), &signature(other)) < SAME_STORY);
    }

    #[test]
    fn signatures_survive_the_blob_and_are_stable() {
        let sig = signature(STORY);
        assert_eq!(sig.len(), HASHES);
        assert_eq!(from_blob(&to_blob(&sig)), sig);
        assert_eq!(signature(STORY), sig);
        assert_eq!(band_keys(&sig).len(), BANDS);
    }
}
