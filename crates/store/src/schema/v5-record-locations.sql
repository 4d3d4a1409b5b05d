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
-- are written (`assign_record` in write.rs, through the view
-- `event_record_keys`). From there triggers keep the counts as in v4, now
-- off `event_mentions`, which keeps each mention's document and count so
-- that taking a mention out needs no other table.

DROP TRIGGER events_records_insert;
DROP TRIGGER events_records_delete;
DROP TRIGGER record_articles_insert;
DROP TRIGGER record_articles_delete;
DROP TRIGGER record_outlets_insert;
DROP TRIGGER record_outlets_delete;
DROP TABLE event_records;
DROP TABLE event_mentions;
DROP TABLE record_articles;
DROP TABLE record_outlets;

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

CREATE TABLE record_articles (
    record   INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    outlet   TEXT NOT NULL,
    seen     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (record, doc)
) WITHOUT ROWID;

CREATE TABLE record_outlets (
    record   INTEGER NOT NULL,
    outlet   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (record, outlet)
) WITHOUT ROWID;

-- The record key of every event: what `assign_record` and the step's
-- own backfill read.
CREATE VIEW event_record_keys AS
SELECT e.id, coalesce(e.date, '') AS date, coalesce(e.source_code, '') AS source_code, coalesce(e.target_code, '') AS target_code,
       e.cameo, e.modality, coalesce(l.name || coalesce(' #' || l.geonames_id, ''), '') AS location, e.mentions, s.doc
FROM events e JOIN sentences s ON s.id = e.sentence LEFT JOIN event_locations l ON l.event = e.id;

-- The records of the events already stored.
INSERT INTO event_records (date, source_code, target_code, cameo, modality, location, num_mentions, num_articles, num_sources, first_seen, last_seen)
SELECT date, source_code, target_code, cameo, modality, location, sum(mentions), 0, 0, '', '' FROM event_record_keys GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO event_mentions (event, record, doc, mentions)
SELECT k.id, r.id, k.doc, k.mentions FROM event_record_keys k JOIN event_records r USING (date, source_code, target_code, cameo, modality, location);
INSERT INTO record_articles (record, doc, outlet, seen, mentions)
SELECT m.record, d.id, coalesce(nullif(d.source, ''), d.url, d.doc_id), d.ingested_at, sum(m.mentions)
FROM event_mentions m JOIN documents d ON d.id = m.doc GROUP BY m.record, d.id;
INSERT INTO record_outlets (record, outlet, articles)
SELECT record, outlet, count(*) FROM record_articles GROUP BY record, outlet;
UPDATE event_records SET
    num_articles = (SELECT count(*) FROM record_articles WHERE record = event_records.id),
    num_sources = (SELECT count(*) FROM record_outlets WHERE record = event_records.id),
    first_seen = (SELECT min(seen) FROM record_articles WHERE record = event_records.id),
    last_seen = (SELECT max(seen) FROM record_articles WHERE record = event_records.id);

CREATE TRIGGER events_records_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_mentions WHERE event = old.id;
END;

-- The counts are kept by steps, never recounted on insert, as in v4: a
-- mention adds its count and, for a new (record, document), an article
-- row; a new article row counts an article and, for a new outlet, a
-- source. A record whose last mention leaves is deleted.
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

CREATE TRIGGER record_articles_insert AFTER INSERT ON record_articles BEGIN
    INSERT OR IGNORE INTO record_outlets (record, outlet, articles) VALUES (new.record, new.outlet, 0);
    UPDATE record_outlets SET articles = articles + 1 WHERE record = new.record AND outlet = new.outlet;
    UPDATE event_records SET
        num_articles = num_articles + 1,
        first_seen = CASE WHEN first_seen = '' OR new.seen < first_seen THEN new.seen ELSE first_seen END,
        last_seen = max(last_seen, new.seen)
    WHERE id = new.record;
END;

CREATE TRIGGER record_outlets_insert AFTER INSERT ON record_outlets BEGIN
    UPDATE event_records SET num_sources = num_sources + 1 WHERE id = new.record;
END;

-- Only a replaced or deleted document gets here, so the first and last
-- seen may be looked up again among the record's articles.
CREATE TRIGGER record_articles_delete AFTER DELETE ON record_articles BEGIN
    UPDATE record_outlets SET articles = articles - 1 WHERE record = old.record AND outlet = old.outlet;
    DELETE FROM record_outlets WHERE record = old.record AND outlet = old.outlet AND articles <= 0;
    UPDATE event_records SET
        num_articles = num_articles - 1,
        first_seen = coalesce((SELECT min(seen) FROM record_articles WHERE record = old.record), ''),
        last_seen = coalesce((SELECT max(seen) FROM record_articles WHERE record = old.record), '')
    WHERE id = old.record;
END;

CREATE TRIGGER record_outlets_delete AFTER DELETE ON record_outlets BEGIN
    UPDATE event_records SET num_sources = num_sources - 1 WHERE id = old.record;
END;
