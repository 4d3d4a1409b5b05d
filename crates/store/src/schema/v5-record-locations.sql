-- Event records keyed on the event's location too (issue 14: "the same
-- location once events have one"): the same act on the same day at two
-- places is two records. The step after v4; it only touches the records'
-- tables, so it can be renumbered after another step without change.
--
-- A record's `location` is the gazetteer's name of the place with its
-- GeoNames id (`Kyiv #703448`), or the name alone for a sea or region
-- without one; '' for an event without a location.
--
-- An event's location row is written after the event (it points at the
-- event's id), so no trigger on `events` can see the full key: the writer
-- assigns each new event to its record once the event and its location
-- are written (`assign_record` in write.rs, with the key the view
-- `event_record_keys` gives). From there triggers keep the counts: those of
-- v4 on `record_articles` and `record_outlets`, and new ones on
-- `event_mentions`, which keeps each mention's document and count so that
-- taking a mention out needs no other table.

DROP TRIGGER events_records_insert;
DROP TRIGGER events_records_delete;
-- Emptied while the old records exist, for the triggers on these tables
-- update them; refilled by the same triggers below.
DELETE FROM record_outlets;
DELETE FROM record_articles;
DROP TABLE event_mentions;
DROP TABLE event_records;

CREATE TABLE event_records (
    id           INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    source_code  TEXT NOT NULL,
    target_code  TEXT NOT NULL,
    cameo        TEXT NOT NULL,
    modality     TEXT NOT NULL,
    location     TEXT NOT NULL,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources  INTEGER NOT NULL,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    UNIQUE (date, source_code, target_code, cameo, modality, location)
);
CREATE INDEX event_records_sources ON event_records (num_sources, date);

CREATE TABLE event_mentions (
    event    INTEGER PRIMARY KEY,
    record   INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX event_mentions_record ON event_mentions (record);

-- The record key of every event (the step's backfill below, and what
-- `assign_record` must agree with: crates/store/tests/records.rs checks).
CREATE VIEW event_record_keys AS
SELECT e.id, coalesce(e.date, '') AS date, coalesce(e.source_code, '') AS source_code, coalesce(e.target_code, '') AS target_code,
       e.cameo, e.modality, coalesce(l.name || coalesce(' #' || l.geonames_id, ''), '') AS location, e.mentions, s.doc
FROM events e JOIN sentences s ON s.id = e.sentence LEFT JOIN event_locations l ON l.event = e.id;

CREATE TRIGGER events_records_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_mentions WHERE event = old.id;
END;

-- A mention adds its count and, for a new (record, document), an article
-- row, which v4's trigger on `record_articles` counts (and its outlet).
-- A record whose last mention leaves is deleted.
CREATE TRIGGER event_mentions_insert AFTER INSERT ON event_mentions BEGIN
    -- OR IGNORE: the article's insert trigger fires only for a new row.
    INSERT OR IGNORE INTO record_articles (record, doc, outlet, seen, mentions)
    SELECT new.record, d.id, coalesce(nullif(d.source, ''), d.url, d.doc_id), d.ingested_at, 0 FROM documents d WHERE d.id = new.doc;
    UPDATE record_articles SET mentions = mentions + new.mentions WHERE record = new.record AND doc = new.doc;
    UPDATE event_records SET num_mentions = num_mentions + new.mentions WHERE id = new.record;
END;

CREATE TRIGGER event_mentions_delete AFTER DELETE ON event_mentions BEGIN
    UPDATE record_articles SET mentions = mentions - old.mentions WHERE record = old.record AND doc = old.doc;
    DELETE FROM record_articles WHERE record = old.record AND doc = old.doc AND mentions <= 0;
    UPDATE event_records SET num_mentions = num_mentions - old.mentions WHERE id = old.record;
    DELETE FROM event_records WHERE id = old.record AND num_mentions <= 0;
END;

-- The records of the events already stored, counted by the triggers.
INSERT INTO event_records (date, source_code, target_code, cameo, modality, location, num_mentions, num_articles, num_sources, first_seen, last_seen)
SELECT DISTINCT date, source_code, target_code, cameo, modality, location, 0, 0, 0, '', '' FROM event_record_keys;
INSERT INTO event_mentions (event, record, doc, mentions)
SELECT k.id, r.id, k.doc, k.mentions FROM event_record_keys k JOIN event_records r USING (date, source_code, target_code, cameo, modality, location);
