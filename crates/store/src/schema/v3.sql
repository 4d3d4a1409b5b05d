-- Schema version 3, as a step from version 2 (a new file runs v1.sql,
-- v2.sql, then this): event locations (issue 16). A table of its own, one
-- row per located event, so the step adds no column to events and later
-- steps on events need not know about it. Events stored before this step
-- have no row (no location). docs/store.md describes the columns.

CREATE TABLE event_locations (
    event       INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    -- The words that named the place, only when they are not the event
    -- sentence's text at start..end (as for the spans of events); empty,
    -- with start = end at the act, when the place is the acting state's
    -- own country. Offsets are characters into the document.
    text        TEXT,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    country     TEXT,
    adm1        TEXT,
    lat         REAL,
    lon         REAL,
    geonames_id INTEGER,
    feature     TEXT NOT NULL,
    precision   TEXT NOT NULL,
    -- The point on the unit sphere, written by dyad, so that "within K km"
    -- is a test of plain arithmetic (SQLite's bundled build has no
    -- trigonometry): NULL when the place has no coordinates.
    x           REAL,
    y           REAL,
    z           REAL
);
CREATE INDEX event_locations_country ON event_locations (country);
CREATE INDEX event_locations_lat ON event_locations (lat);
