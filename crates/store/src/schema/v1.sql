-- Schema version 1 of the dyad store. docs/store.md describes every table
-- for people who open the file with sqlite3, DuckDB or pandas.

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL UNIQUE,
    -- SHA-256 of date, title, url, source and text: what decides whether a
    -- re-ingested document is unchanged.
    content_hash TEXT NOT NULL,
    date         TEXT,
    title        TEXT,
    url          TEXT,
    source       TEXT,
    text         TEXT NOT NULL,
    sentences    INTEGER NOT NULL,
    events       INTEGER NOT NULL,
    coder        TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX documents_content ON documents (content_hash);

CREATE TABLE sentences (
    id       INTEGER PRIMARY KEY,
    doc      INTEGER NOT NULL REFERENCES documents (id),
    idx      INTEGER NOT NULL,
    -- Character offsets (Unicode scalar values) into documents.text.
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    headline INTEGER NOT NULL,
    text     TEXT NOT NULL,
    UNIQUE (doc, idx)
);

-- External-content index: the text lives once, in sentences.
CREATE VIRTUAL TABLE sentences_fts USING fts5 (text, content = 'sentences', content_rowid = 'id', tokenize = 'porter unicode61');
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL REFERENCES documents (id),
    sentence_index INTEGER NOT NULL,
    date           TEXT,
    date_precision TEXT NOT NULL,
    source_code    TEXT,
    source_country TEXT,
    source_sector  TEXT,
    source_name    TEXT,
    source_text    TEXT,
    source_start   INTEGER,
    source_end     INTEGER,
    target_code    TEXT,
    target_country TEXT,
    target_sector  TEXT,
    target_name    TEXT,
    target_text    TEXT,
    target_start   INTEGER,
    target_end     INTEGER,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    plover_context TEXT,
    action_text    TEXT NOT NULL,
    action_start   INTEGER NOT NULL,
    action_end     INTEGER NOT NULL,
    modality       TEXT NOT NULL,
    quote_text     TEXT,
    speaker_code    TEXT,
    speaker_country TEXT,
    speaker_sector  TEXT,
    speaker_name    TEXT,
    speaker_text    TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    mentions       INTEGER NOT NULL,
    headline       INTEGER NOT NULL,
    -- The first code segment (a country, or IGO/NGO/IMG/MNC): code-prefix
    -- filters of three letters or more seek on these.
    source_head    TEXT GENERATED ALWAYS AS (substr(source_code, 1, 3)) VIRTUAL,
    target_head    TEXT GENERATED ALWAYS AS (substr(target_code, 1, 3)) VIRTUAL,
    -- The undirected pair of heads, lesser first, so that RUS->UKR and
    -- UKR->RUS are one dyad; NULL unless both actors are known.
    dyad_a         TEXT GENERATED ALWAYS AS (min(substr(source_code, 1, 3), substr(target_code, 1, 3))) VIRTUAL,
    dyad_b         TEXT GENERATED ALWAYS AS (max(substr(source_code, 1, 3), substr(target_code, 1, 3))) VIRTUAL
);
-- Every list is ordered by (date, id) descending; each index starts with
-- what it filters on and goes on with date (and the implicit rowid), so a
-- filtered page is an index range read. The dyad index also covers the
-- filtered timeline (date, QuadClass, Goldstein), which then never reads a
-- row.
CREATE INDEX events_date ON events (date);
CREATE INDEX events_source ON events (source_head, date);
CREATE INDEX events_target ON events (target_head, date);
CREATE INDEX events_dyad ON events (dyad_a, dyad_b, date, quad_class, goldstein);
CREATE INDEX events_root ON events (root, date);
CREATE INDEX events_doc ON events (doc, sentence_index);

-- Per-dyad totals kept by triggers, so "the most active pairs" never scans
-- the events.
CREATE TABLE dyads (
    a         TEXT NOT NULL,
    b         TEXT NOT NULL,
    events    INTEGER NOT NULL,
    q1        INTEGER NOT NULL,
    q2        INTEGER NOT NULL,
    q3        INTEGER NOT NULL,
    q4        INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
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

-- Per dyad and day totals of dated events, kept by triggers: a dyad's
-- timeline reads one row per day instead of every event.
CREATE TABLE dyad_days (
    a         TEXT NOT NULL,
    b         TEXT NOT NULL,
    date      TEXT NOT NULL,
    events    INTEGER NOT NULL,
    q1        INTEGER NOT NULL,
    q2        INTEGER NOT NULL,
    q3        INTEGER NOT NULL,
    q4        INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    PRIMARY KEY (a, b, date)
) WITHOUT ROWID;
CREATE TRIGGER events_dyad_days_insert AFTER INSERT ON events WHEN new.dyad_a IS NOT NULL AND new.date IS NOT NULL BEGIN
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
CREATE TRIGGER events_dyad_days_delete AFTER DELETE ON events WHEN old.dyad_a IS NOT NULL AND old.date IS NOT NULL BEGIN
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

-- Every actor code mentioned in a document, with or without an event.
CREATE TABLE mentions (
    doc   INTEGER NOT NULL REFERENCES documents (id),
    code  TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (doc, code)
) WITHOUT ROWID;
CREATE INDEX mentions_code ON mentions (code);

-- Every (code, dictionary name) pair ever seen as a source, target or
-- speaker: who RUSGOV was in this data.
CREATE TABLE actors (
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    country TEXT,
    sector  TEXT,
    PRIMARY KEY (code, name)
) WITHOUT ROWID;

-- The CAMEO table of the coder that last wrote to this file, so that codes
-- can be named in SQL.
CREATE TABLE cameo (
    code       TEXT PRIMARY KEY,
    root       TEXT NOT NULL,
    name       TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein  REAL NOT NULL
) WITHOUT ROWID;
