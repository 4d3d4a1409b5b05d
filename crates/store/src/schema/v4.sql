-- Event records across documents (GDELT 2.0's events + mentions model) and
-- story clusters. Every row of `events` is a mention; mentions with the
-- same day, source code, target code, CAMEO code and modality form one
-- record. Triggers keep the records, so a document written, replaced or
-- deleted updates its records in the same transaction. docs/records.md
-- explains the model with a worked example.
--
-- Schema version 4, as a step from version 3 (events point at a sentence;
-- `date` is the generated text of `day`; event locations are a table of
-- their own, which the records do not yet key on).

CREATE TABLE event_records (
    id           INTEGER PRIMARY KEY,
    -- '' where the mention has no date or no actor: SQL's NULLs are never
    -- equal, and a record key must be.
    date         TEXT NOT NULL,
    source_code  TEXT NOT NULL,
    target_code  TEXT NOT NULL,
    cameo        TEXT NOT NULL,
    modality     TEXT NOT NULL,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources  INTEGER NOT NULL,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    UNIQUE (date, source_code, target_code, cameo, modality)
);
CREATE INDEX event_records_sources ON event_records (num_sources, date);

-- Which record each mention belongs to.
CREATE TABLE event_mentions (
    event  INTEGER PRIMARY KEY,
    record INTEGER NOT NULL
);
CREATE INDEX event_mentions_record ON event_mentions (record);

-- The documents (articles) of a record, each with its outlet: what
-- num_articles and num_sources count.
CREATE TABLE record_articles (
    record   INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    outlet   TEXT NOT NULL,
    seen     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (record, doc)
) WITHOUT ROWID;

-- The outlets of a record with how many of its documents each published:
-- a record's num_sources is its number of rows.
CREATE TABLE record_outlets (
    record   INTEGER NOT NULL,
    outlet   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (record, outlet)
) WITHOUT ROWID;

-- Near-duplicate articles (one wire story on many sites): a MinHash
-- signature (32 values) of each document's word pairs, and eight LSH band
-- keys of four values each. Documents that share a band key are
-- candidates; those whose signatures agree on half the values or more are
-- one story. `story` is the row id of the cluster's first document.
CREATE TABLE document_stories (
    doc       INTEGER PRIMARY KEY,
    signature BLOB NOT NULL,
    story     INTEGER NOT NULL
);
CREATE INDEX document_stories_story ON document_stories (story);
CREATE TABLE story_bands (
    band INTEGER NOT NULL,
    key  INTEGER NOT NULL,
    doc  INTEGER NOT NULL,
    PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
CREATE INDEX story_bands_doc ON story_bands (doc);

-- Records of a file written before this migration (before the triggers,
-- which keep them from here on).
INSERT INTO event_records (date, source_code, target_code, cameo, modality, num_mentions, num_articles, num_sources, first_seen, last_seen)
SELECT coalesce(date, ''), coalesce(source_code, ''), coalesce(target_code, ''), cameo, modality, sum(mentions), 0, 0, '', ''
FROM events GROUP BY 1, 2, 3, 4, 5;
INSERT INTO event_mentions (event, record)
SELECT e.id, r.id FROM events e JOIN event_records r
  ON r.date = coalesce(e.date, '') AND r.source_code = coalesce(e.source_code, '')
 AND r.target_code = coalesce(e.target_code, '') AND r.cameo = e.cameo AND r.modality = e.modality;
INSERT INTO record_articles (record, doc, outlet, seen, mentions)
SELECT m.record, d.id, coalesce(nullif(d.source, ''), d.url, d.doc_id), d.ingested_at, sum(e.mentions)
FROM events e JOIN event_mentions m ON m.event = e.id JOIN sentences s ON s.id = e.sentence JOIN documents d ON d.id = s.doc
GROUP BY m.record, d.id;
INSERT INTO record_outlets (record, outlet, articles)
SELECT record, outlet, count(*) FROM record_articles GROUP BY record, outlet;
UPDATE event_records SET
    num_articles = (SELECT count(*) FROM record_articles WHERE record = event_records.id),
    num_sources = (SELECT count(*) FROM record_outlets WHERE record = event_records.id),
    first_seen = (SELECT min(seen) FROM record_articles WHERE record = event_records.id),
    last_seen = (SELECT max(seen) FROM record_articles WHERE record = event_records.id);

-- The counts are kept by steps, never recounted on insert: a record
-- reported by thousands of documents costs each new mention the same few
-- row updates as a record of one. Each trigger moves one level: an event
-- adds its mentions and, for a new (record, document), an article row;
-- a new article row counts an article and, for a new outlet, a source.
CREATE TRIGGER events_records_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_records (date, source_code, target_code, cameo, modality, num_mentions, num_articles, num_sources, first_seen, last_seen)
    VALUES (coalesce(new.date, ''), coalesce(new.source_code, ''), coalesce(new.target_code, ''), new.cameo, new.modality, 0, 0, 0, '', '')
    ON CONFLICT (date, source_code, target_code, cameo, modality) DO NOTHING;
    INSERT INTO event_mentions (event, record)
    SELECT new.id, id FROM event_records
    WHERE date = coalesce(new.date, '') AND source_code = coalesce(new.source_code, '')
      AND target_code = coalesce(new.target_code, '') AND cameo = new.cameo AND modality = new.modality;
    -- OR IGNORE: the article's insert trigger fires only for a new row.
    INSERT OR IGNORE INTO record_articles (record, doc, outlet, seen, mentions)
    SELECT m.record, d.id, coalesce(nullif(d.source, ''), d.url, d.doc_id), d.ingested_at, 0
    FROM event_mentions m, documents d WHERE m.event = new.id AND d.id = (SELECT doc FROM sentences WHERE id = new.sentence);
    UPDATE record_articles SET mentions = mentions + new.mentions
    WHERE record = (SELECT record FROM event_mentions WHERE event = new.id) AND doc = (SELECT doc FROM sentences WHERE id = new.sentence);
    UPDATE event_records SET num_mentions = num_mentions + new.mentions
    WHERE id = (SELECT record FROM event_mentions WHERE event = new.id);
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

CREATE TRIGGER events_records_delete AFTER DELETE ON events BEGIN
    UPDATE record_articles SET mentions = mentions - old.mentions
    WHERE record = (SELECT record FROM event_mentions WHERE event = old.id) AND doc = (SELECT doc FROM sentences WHERE id = old.sentence);
    DELETE FROM record_articles
    WHERE record = (SELECT record FROM event_mentions WHERE event = old.id) AND doc = (SELECT doc FROM sentences WHERE id = old.sentence) AND mentions <= 0;
    UPDATE event_records SET num_mentions = num_mentions - old.mentions
    WHERE id = (SELECT record FROM event_mentions WHERE event = old.id);
    DELETE FROM event_records WHERE id = (SELECT record FROM event_mentions WHERE event = old.id) AND num_mentions <= 0;
    DELETE FROM event_mentions WHERE event = old.id;
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
