-- Schema version 2, as a step from version 1 (a new file runs v1.sql, then
-- this). Version 1 kept every sentence twice (in documents.text and in
-- sentences.text) and copied into each event what its sentence already
-- says. Version 2 keeps the text once, in `sentences`; an event points at
-- its sentence and stores a span's text only when it is not the sentence's
-- text at the span's offsets. docs/store.md describes the result.

-- The writer indexes a batch's sentences in one statement at its end:
-- FTS5 flushes its pending terms at the start of every statement that
-- writes to it, so a trigger per sentence made one tiny segment each.
DROP TRIGGER sentences_fts_insert;
DROP TRIGGER sentences_fts_delete;

-- A document's text is its sentences with the text before each (`gap`)
-- and after the last (`tail`): `document_texts` puts it back together.
ALTER TABLE sentences ADD COLUMN gap TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN tail TEXT NOT NULL DEFAULT '';
UPDATE sentences SET gap = substr((SELECT d.text FROM documents d WHERE d.id = sentences.doc), p.previous + 1, sentences.start - p.previous)
FROM (SELECT id, lag(end, 1, 0) OVER (PARTITION BY doc ORDER BY idx) AS previous FROM sentences) p
WHERE p.id = sentences.id;
UPDATE documents SET tail = substr(text, ifnull((SELECT max(s.end) FROM sentences s WHERE s.doc = documents.id), 0) + 1);
ALTER TABLE documents DROP COLUMN text;

CREATE VIEW document_texts (id, text) AS
SELECT d.id, ifnull((SELECT group_concat(piece, '') FROM (SELECT s.gap || s.text AS piece FROM sentences s WHERE s.doc = d.id ORDER BY s.idx)), '') || d.tail
FROM documents d;

-- Actors get a key, so that an event names its actors by number.
CREATE TABLE actors_v2 (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    country TEXT,
    sector  TEXT
);
INSERT INTO actors_v2 (code, name, country, sector)
SELECT source_code, ifnull(source_name, ''), source_country, source_sector FROM events WHERE source_code IS NOT NULL
UNION SELECT target_code, ifnull(target_name, ''), target_country, target_sector FROM events WHERE target_code IS NOT NULL
UNION SELECT speaker_code, ifnull(speaker_name, ''), speaker_country, speaker_sector FROM events WHERE speaker_code IS NOT NULL
UNION SELECT code, name, country, sector FROM actors;
DROP TABLE actors;
ALTER TABLE actors_v2 RENAME TO actors;
CREATE UNIQUE INDEX actors_key ON actors (code, name, ifnull(country, ''), ifnull(sector, ''));

CREATE TABLE events_v2 (
    id             INTEGER PRIMARY KEY,
    -- sentences.id of the evidence sentence.
    sentence       INTEGER NOT NULL,
    -- Days since 1970-01-01: three bytes in the row and in every index
    -- instead of ten; `date` shows it as YYYY-MM-DD.
    day            INTEGER,
    date_precision TEXT NOT NULL,
    -- An actor: its code, actors.id (name, country, sector), offsets, and
    -- its text only when that is not the sentence's text at the offsets.
    source_code    TEXT,
    source_actor   INTEGER,
    source_start   INTEGER,
    source_end     INTEGER,
    source_text    TEXT,
    target_code    TEXT,
    target_actor   INTEGER,
    target_start   INTEGER,
    target_end     INTEGER,
    target_text    TEXT,
    cameo          TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    plover_context TEXT,
    action_start   INTEGER NOT NULL,
    action_end     INTEGER NOT NULL,
    action_text    TEXT,
    modality       TEXT NOT NULL,
    -- A quotation: its offsets when found in the sentence, else its text.
    quote_start    INTEGER,
    quote_end      INTEGER,
    quote_text     TEXT,
    speaker_code   TEXT,
    speaker_actor  INTEGER,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    speaker_text   TEXT,
    mentions       INTEGER NOT NULL,
    headline       INTEGER NOT NULL,
    date           TEXT GENERATED ALWAYS AS (date(2440587.5 + day)) VIRTUAL,
    root           TEXT GENERATED ALWAYS AS (substr(cameo, 1, 2)) VIRTUAL,
    source_head    TEXT GENERATED ALWAYS AS (substr(source_code, 1, 3)) VIRTUAL,
    target_head    TEXT GENERATED ALWAYS AS (substr(target_code, 1, 3)) VIRTUAL,
    dyad_a         TEXT GENERATED ALWAYS AS (min(substr(source_code, 1, 3), substr(target_code, 1, 3))) VIRTUAL,
    dyad_b         TEXT GENERATED ALWAYS AS (max(substr(source_code, 1, 3), substr(target_code, 1, 3))) VIRTUAL
);

INSERT INTO events_v2 (
    id, sentence, day, date_precision,
    source_code, source_actor, source_start, source_end, source_text,
    target_code, target_actor, target_start, target_end, target_text,
    cameo, quad_class, goldstein, plover_type, plover_mode, plover_context,
    action_start, action_end, action_text, modality, quote_start, quote_end, quote_text,
    speaker_code, speaker_actor, speaker_start, speaker_end, speaker_text, mentions, headline
)
SELECT e.id, s.id, CAST(julianday(e.date) - 2440587.5 AS INTEGER), e.date_precision,
    e.source_code, sa.id, e.source_start, e.source_end,
    CASE WHEN e.source_text IS substr(s.text, e.source_start - s.start + 1, e.source_end - e.source_start) THEN NULL ELSE e.source_text END,
    e.target_code, ta.id, e.target_start, e.target_end,
    CASE WHEN e.target_text IS substr(s.text, e.target_start - s.start + 1, e.target_end - e.target_start) THEN NULL ELSE e.target_text END,
    e.cameo, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
    e.action_start, e.action_end,
    CASE WHEN e.action_text IS substr(s.text, e.action_start - s.start + 1, e.action_end - e.action_start) THEN NULL ELSE e.action_text END,
    e.modality,
    CASE WHEN instr(s.text, e.quote_text) > 0 THEN s.start + instr(s.text, e.quote_text) - 1 END,
    CASE WHEN instr(s.text, e.quote_text) > 0 THEN s.start + instr(s.text, e.quote_text) - 1 + length(e.quote_text) END,
    CASE WHEN instr(s.text, e.quote_text) > 0 THEN NULL ELSE e.quote_text END,
    e.speaker_code, ka.id, e.speaker_start, e.speaker_end,
    CASE WHEN e.speaker_text IS substr(s.text, e.speaker_start - s.start + 1, e.speaker_end - e.speaker_start) THEN NULL ELSE e.speaker_text END,
    e.mentions, e.headline
FROM events e
JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence_index
LEFT JOIN actors sa ON sa.code = e.source_code AND sa.name = ifnull(e.source_name, '') AND sa.country IS e.source_country AND sa.sector IS e.source_sector
LEFT JOIN actors ta ON ta.code = e.target_code AND ta.name = ifnull(e.target_name, '') AND ta.country IS e.target_country AND ta.sector IS e.target_sector
LEFT JOIN actors ka ON ka.code = e.speaker_code AND ka.name = ifnull(e.speaker_name, '') AND ka.country IS e.speaker_country AND ka.sector IS e.speaker_sector
ORDER BY e.id;

-- The old table takes its indexes and the triggers that keep `dyads` and
-- `dyad_days` with it; the totals themselves stay right, since the events
-- are the same.
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;

-- Every list is ordered by (day, id) descending; each index starts with
-- what it filters on and goes on with the day (and the implicit rowid), so
-- a filtered page is an index range read.
CREATE INDEX events_date ON events (day);
CREATE INDEX events_source ON events (source_head, day);
CREATE INDEX events_target ON events (target_head, day);
CREATE INDEX events_dyad ON events (dyad_a, dyad_b, day);
CREATE INDEX events_root ON events (root, day);
CREATE INDEX events_sentence ON events (sentence);

CREATE TRIGGER events_dyads_insert AFTER INSERT ON events WHEN new.dyad_a IS NOT NULL BEGIN
    INSERT INTO dyads (a, b, events, q1, q2, q3, q4, goldstein)
    VALUES (new.dyad_a, new.dyad_b, 1, new.quad_class = 1, new.quad_class = 2, new.quad_class = 3, new.quad_class = 4, new.goldstein)
    ON CONFLICT (a, b) DO UPDATE SET
        events = events + 1,
        q1 = q1 + excluded.q1,
        q2 = q2 + excluded.q2,
        q3 = q3 + excluded.q3,
        q4 = q4 + excluded.q4,
        goldstein = goldstein + excluded.goldstein;
END;
CREATE TRIGGER events_dyads_delete AFTER DELETE ON events WHEN old.dyad_a IS NOT NULL BEGIN
    UPDATE dyads SET
        events = events - 1,
        q1 = q1 - (old.quad_class = 1),
        q2 = q2 - (old.quad_class = 2),
        q3 = q3 - (old.quad_class = 3),
        q4 = q4 - (old.quad_class = 4),
        goldstein = goldstein - old.goldstein
    WHERE a = old.dyad_a AND b = old.dyad_b;
    DELETE FROM dyads WHERE a = old.dyad_a AND b = old.dyad_b AND events <= 0;
END;
CREATE TRIGGER events_dyad_days_insert AFTER INSERT ON events WHEN new.dyad_a IS NOT NULL AND new.day IS NOT NULL BEGIN
    INSERT INTO dyad_days (a, b, date, events, q1, q2, q3, q4, goldstein)
    VALUES (new.dyad_a, new.dyad_b, new.date, 1, new.quad_class = 1, new.quad_class = 2, new.quad_class = 3, new.quad_class = 4, new.goldstein)
    ON CONFLICT (a, b, date) DO UPDATE SET
        events = events + 1,
        q1 = q1 + excluded.q1,
        q2 = q2 + excluded.q2,
        q3 = q3 + excluded.q3,
        q4 = q4 + excluded.q4,
        goldstein = goldstein + excluded.goldstein;
END;
CREATE TRIGGER events_dyad_days_delete AFTER DELETE ON events WHEN old.dyad_a IS NOT NULL AND old.day IS NOT NULL BEGIN
    UPDATE dyad_days SET
        events = events - 1,
        q1 = q1 - (old.quad_class = 1),
        q2 = q2 - (old.quad_class = 2),
        q3 = q3 - (old.quad_class = 3),
        q4 = q4 - (old.quad_class = 4),
        goldstein = goldstein - old.goldstein
    WHERE a = old.dyad_a AND b = old.dyad_b AND date = old.date;
    DELETE FROM dyad_days WHERE a = old.dyad_a AND b = old.dyad_b AND date = old.date AND events <= 0;
END;

-- The events with every text spelled out and every actor named, as
-- version 1 stored them: what `dyad query`, the API and SQL clients read.
CREATE VIEW event_rows AS
SELECT e.id, s.doc, s.idx AS sentence_index, s.text AS sentence, s.start AS sentence_start, s.end AS sentence_end,
    e.day, e.date, e.date_precision,
    e.source_code, sa.country AS source_country, sa.sector AS source_sector, sa.name AS source_name,
    ifnull(e.source_text, substr(s.text, e.source_start - s.start + 1, e.source_end - e.source_start)) AS source_text,
    e.source_start, e.source_end,
    e.target_code, ta.country AS target_country, ta.sector AS target_sector, ta.name AS target_name,
    ifnull(e.target_text, substr(s.text, e.target_start - s.start + 1, e.target_end - e.target_start)) AS target_text,
    e.target_start, e.target_end,
    e.cameo, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
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
LEFT JOIN actors ka ON ka.id = e.speaker_actor;
