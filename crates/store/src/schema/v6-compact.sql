-- Schema version 6, as a step from version 5 (records keyed on location):
-- the same data in less room (issue 13). What goes is what other rows
-- already say.
--
-- - `event_mentions` (event -> record, document, count) is gone: each
--   event row carries its record (`events.record`, no index: a record's
--   mentions are found through the key's actor, dyad or day index, see
--   records.rs), and the document and count are the event's own. A view of
--   the same name gives the four columns to SQL clients.
-- - `record_articles` loses `outlet` and `seen`: both were copied from the
--   document (its source, URL or id; its ingested_at), and a document's
--   article rows are re-made whenever the document changes. The view
--   `document_outlets` gives them.
-- - The full-text index drops its per-sentence token counts
--   (`columnsize = 0`): only ranking reads them, and dyad does not rank.
--
-- The writer upserts an event's record before the event (it knows the
-- whole key, location included) and writes the record's id with the
-- event; the triggers below count from there, with upserts.

DROP TRIGGER events_records_delete;
ALTER TABLE events ADD COLUMN record INTEGER;
UPDATE events SET record = m.record FROM event_mentions m WHERE m.event = events.id;
DROP TABLE event_mentions;

CREATE TABLE record_articles_v6 (
    record   INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (record, doc)
) WITHOUT ROWID;
INSERT INTO record_articles_v6 (record, doc, mentions) SELECT record, doc, mentions FROM record_articles;
DROP TABLE record_articles;
ALTER TABLE record_articles_v6 RENAME TO record_articles;

-- What a document counts as for num_sources: its outlet, else its URL,
-- else its id; and when it was seen (stored).
CREATE VIEW document_outlets (doc, outlet, seen) AS
SELECT id, coalesce(nullif(source, ''), url, doc_id), ingested_at FROM documents;

CREATE VIEW event_mentions (event, record, doc, mentions) AS
SELECT e.id, e.record, s.doc, e.mentions FROM events e JOIN sentences s ON s.id = e.sentence WHERE e.record IS NOT NULL;

-- An event adds its mentions to its record and to its (record, document)
-- article row; a new article row is counted by `record_articles_insert`.
CREATE TRIGGER events_records_insert AFTER INSERT ON events WHEN new.record IS NOT NULL BEGIN
    INSERT INTO record_articles (record, doc, mentions)
    SELECT new.record, doc, new.mentions FROM sentences WHERE id = new.sentence
    ON CONFLICT (record, doc) DO UPDATE SET mentions = mentions + excluded.mentions;
    UPDATE event_records SET num_mentions = num_mentions + new.mentions WHERE id = new.record;
END;

-- A document's events are deleted before its row changes, so the outlet
-- looked up by the article triggers is the one it was counted under.
CREATE TRIGGER events_records_delete AFTER DELETE ON events WHEN old.record IS NOT NULL BEGIN
    UPDATE record_articles SET mentions = mentions - old.mentions
    WHERE record = old.record AND doc = (SELECT doc FROM sentences WHERE id = old.sentence);
    DELETE FROM record_articles
    WHERE record = old.record AND doc = (SELECT doc FROM sentences WHERE id = old.sentence) AND mentions <= 0;
    UPDATE event_records SET num_mentions = num_mentions - old.mentions WHERE id = old.record;
    DELETE FROM event_records WHERE id = old.record AND num_mentions <= 0;
END;

-- v4's triggers on `record_outlets` count the sources.
CREATE TRIGGER record_articles_insert AFTER INSERT ON record_articles BEGIN
    INSERT INTO record_outlets (record, outlet, articles)
    SELECT new.record, outlet, 1 FROM document_outlets WHERE doc = new.doc
    ON CONFLICT (record, outlet) DO UPDATE SET articles = articles + 1;
    UPDATE event_records SET
        num_articles = num_articles + 1,
        first_seen = CASE WHEN first_seen = '' OR o.seen < first_seen THEN o.seen ELSE first_seen END,
        last_seen = max(last_seen, o.seen)
    FROM (SELECT seen FROM document_outlets WHERE doc = new.doc) o
    WHERE id = new.record;
END;

-- Only a replaced or deleted document gets here. The first and last seen
-- are looked up again among the record's articles only when the article
-- that goes held one of them: a record of thousands of articles (one story
-- republished) would otherwise read them all for every replaced one.
CREATE TRIGGER record_articles_delete AFTER DELETE ON record_articles BEGIN
    UPDATE record_outlets SET articles = articles - 1
    WHERE record = old.record AND outlet = (SELECT outlet FROM document_outlets WHERE doc = old.doc);
    DELETE FROM record_outlets WHERE record = old.record AND articles <= 0;
    UPDATE event_records SET
        num_articles = num_articles - 1,
        first_seen = CASE WHEN first_seen < o.seen THEN first_seen ELSE
            coalesce((SELECT min(d.seen) FROM record_articles a JOIN document_outlets d ON d.doc = a.doc WHERE a.record = old.record), '') END,
        last_seen = CASE WHEN last_seen > o.seen THEN last_seen ELSE
            coalesce((SELECT max(d.seen) FROM record_articles a JOIN document_outlets d ON d.doc = a.doc WHERE a.record = old.record), '') END
    FROM (SELECT seen FROM document_outlets WHERE doc = old.doc) o
    WHERE id = old.record;
END;

DROP TABLE sentences_fts;
CREATE VIRTUAL TABLE sentences_fts USING fts5 (text, content = 'sentences', content_rowid = 'id', tokenize = 'porter unicode61', columnsize = 0);
INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');

-- Places once each (`places`), and per located event only what is its own:
-- the place's row, and the words and offsets that named it. Seven in ten
-- located events of a news corpus share their place with another, and a
-- place row (coordinates, unit vector, names) is most of a location's size.
CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    country     TEXT,
    adm1        TEXT,
    lat         REAL,
    lon         REAL,
    geonames_id INTEGER,
    feature     TEXT NOT NULL,
    precision   TEXT NOT NULL,
    x           REAL,
    y           REAL,
    z           REAL
);
CREATE UNIQUE INDEX places_key ON places (name, ifnull(geonames_id, 0), ifnull(country, ''), ifnull(adm1, ''), ifnull(lat, 0), ifnull(lon, 0), feature, precision);
CREATE INDEX places_country ON places (country);
CREATE INDEX places_lat ON places (lat);
INSERT INTO places (name, country, adm1, lat, lon, geonames_id, feature, precision, x, y, z)
SELECT DISTINCT name, country, adm1, lat, lon, geonames_id, feature, precision, x, y, z FROM event_locations ORDER BY name;

CREATE TABLE event_locations_v6 (
    event INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    place INTEGER NOT NULL,
    -- As in version 3: the words only when they are not the sentence's
    -- text at start..end.
    text  TEXT,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL
);
INSERT INTO event_locations_v6 (event, place, text, start, end)
SELECT l.event, p.id, l.text, l.start, l.end FROM event_locations l JOIN places p
  ON p.name = l.name AND p.geonames_id IS l.geonames_id AND p.country IS l.country AND p.adm1 IS l.adm1
 AND p.lat IS l.lat AND p.lon IS l.lon AND p.feature = l.feature AND p.precision = l.precision;
DROP VIEW event_record_keys;
DROP TABLE event_locations;
ALTER TABLE event_locations_v6 RENAME TO event_locations;
CREATE INDEX event_locations_place ON event_locations (place);

-- Version 5's columns of a location, for SQL clients.
CREATE VIEW event_places AS
SELECT l.event, p.name, l.text, l.start, l.end, p.country, p.adm1, p.lat, p.lon, p.geonames_id, p.feature, p.precision, p.x, p.y, p.z
FROM event_locations l JOIN places p ON p.id = l.place;

-- Events name their repeated words by number: the PLOVER triple (one of
-- a few dozen) is a row of `plover_kinds`, and the modality and date
-- precision are small integers; `modality` and `date_precision` stay as
-- columns computed from them (no room on disk), and `event_rows` gives
-- the PLOVER words, so readers and filters are as before. Columns are
-- added and dropped in place: rebuilding `events` would delete the
-- location rows that point at it (ON DELETE CASCADE).
-- IF EXISTS: a test takes a file back to version 3 without the view.
DROP VIEW IF EXISTS event_rows;
CREATE TABLE plover_kinds (
    id      INTEGER PRIMARY KEY,
    type    TEXT NOT NULL,
    mode    TEXT,
    context TEXT
);
CREATE UNIQUE INDEX plover_kinds_key ON plover_kinds (type, ifnull(mode, ''), ifnull(context, ''));
INSERT INTO plover_kinds (type, mode, context)
SELECT DISTINCT plover_type, plover_mode, plover_context FROM events WHERE plover_type IS NOT NULL ORDER BY 1, 2, 3;
ALTER TABLE events ADD COLUMN plover INTEGER;
UPDATE events SET plover = k.id FROM plover_kinds k
WHERE k.type = events.plover_type AND k.mode IS events.plover_mode AND k.context IS events.plover_context;
ALTER TABLE events DROP COLUMN plover_type;
ALTER TABLE events DROP COLUMN plover_mode;
ALTER TABLE events DROP COLUMN plover_context;

-- The numbers are the order of `Modality` and `Precision` in the coder
-- (write.rs maps them the same way).
ALTER TABLE events ADD COLUMN modality_id INTEGER NOT NULL DEFAULT 0;
UPDATE events SET modality_id = CASE modality
    WHEN 'asserted' THEN 0 WHEN 'negated' THEN 1 WHEN 'hypothetical' THEN 2 WHEN 'conditional' THEN 3 WHEN 'future' THEN 4 END;
ALTER TABLE events DROP COLUMN modality;
ALTER TABLE events ADD COLUMN modality TEXT GENERATED ALWAYS AS (CASE modality_id
    WHEN 0 THEN 'asserted' WHEN 1 THEN 'negated' WHEN 2 THEN 'hypothetical' WHEN 3 THEN 'conditional' WHEN 4 THEN 'future' END) VIRTUAL;
ALTER TABLE events ADD COLUMN precision_id INTEGER NOT NULL DEFAULT 0;
UPDATE events SET precision_id = CASE date_precision
    WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 WHEN 'year' THEN 3 WHEN 'document' THEN 4 END;
ALTER TABLE events DROP COLUMN date_precision;
ALTER TABLE events ADD COLUMN date_precision TEXT GENERATED ALWAYS AS (CASE precision_id
    WHEN 0 THEN 'day' WHEN 1 THEN 'week' WHEN 2 THEN 'month' WHEN 3 THEN 'year' WHEN 4 THEN 'document' END) VIRTUAL;

-- Version 2's view with the PLOVER words read from `plover_kinds`.
CREATE VIEW event_rows AS
SELECT e.id, s.doc, s.idx AS sentence_index, s.text AS sentence, s.start AS sentence_start, s.end AS sentence_end,
    e.day, e.date, e.date_precision,
    e.source_code, sa.country AS source_country, sa.sector AS source_sector, sa.name AS source_name,
    ifnull(e.source_text, substr(s.text, e.source_start - s.start + 1, e.source_end - e.source_start)) AS source_text,
    e.source_start, e.source_end,
    e.target_code, ta.country AS target_country, ta.sector AS target_sector, ta.name AS target_name,
    ifnull(e.target_text, substr(s.text, e.target_start - s.start + 1, e.target_end - e.target_start)) AS target_text,
    e.target_start, e.target_end,
    e.cameo, e.root, e.quad_class, e.goldstein, k.type AS plover_type, k.mode AS plover_mode, k.context AS plover_context,
    ifnull(e.action_text, substr(s.text, e.action_start - s.start + 1, e.action_end - e.action_start)) AS action_text,
    e.action_start, e.action_end, e.modality,
    CASE WHEN e.quote_start IS NULL THEN e.quote_text ELSE substr(s.text, e.quote_start - s.start + 1, e.quote_end - e.quote_start) END AS quote_text,
    e.speaker_code, ka.country AS speaker_country, ka.sector AS speaker_sector, ka.name AS speaker_name,
    ifnull(e.speaker_text, substr(s.text, e.speaker_start - s.start + 1, e.speaker_end - e.speaker_start)) AS speaker_text,
    e.speaker_start, e.speaker_end, e.mentions, e.headline, e.dyad_a, e.dyad_b
FROM events e
JOIN sentences s ON s.id = e.sentence
LEFT JOIN actors sa ON sa.id = e.source_actor
LEFT JOIN actors ta ON ta.id = e.target_actor
LEFT JOIN actors ka ON ka.id = e.speaker_actor
LEFT JOIN plover_kinds k ON k.id = e.plover;

-- The record key of every event (what the writer's `record_of` must agree
-- with: crates/store/tests/records.rs checks).
CREATE VIEW event_record_keys AS
SELECT e.id, coalesce(e.date, '') AS date, coalesce(e.source_code, '') AS source_code, coalesce(e.target_code, '') AS target_code,
       e.cameo, e.modality, coalesce(p.name || coalesce(' #' || p.geonames_id, ''), '') AS location, e.mentions, s.doc
FROM events e JOIN sentences s ON s.id = e.sentence LEFT JOIN event_locations l ON l.event = e.id LEFT JOIN places p ON p.id = l.place;
