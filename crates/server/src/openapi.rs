//! The OpenAPI 3 description of the server, kept by hand next to the
//! handlers; a test checks that it lists exactly the routes served.

use serde_json::{json, Value};

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn path(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } })
}

fn filters(with_dyad: bool) -> Vec<Value> {
    let s = json!({ "type": "string" });
    let mut out = vec![
        query("source", "Source actor code prefix (RUS matches RUSGOV).", s.clone()),
        query("target", "Target actor code prefix.", s.clone()),
        query("root", "CAMEO roots, comma-separated two-digit codes (04,16).", s.clone()),
        query("cameo", "CAMEO code prefixes, comma-separated, 2 to 4 digits (057,12).", s.clone()),
        query("quad", "QuadClasses, comma-separated (1 to 4).", s.clone()),
        query("since", "Earliest event date, YYYY-MM-DD.", json!({ "type": "string", "format": "date" })),
        query("until", "Latest event date, YYYY-MM-DD.", json!({ "type": "string", "format": "date" })),
        query("modality", "Modalities, comma-separated: asserted, negated, hypothetical, conditional, future.", s.clone()),
        query("text", "SQLite FTS5 query over the evidence sentences (porter stemming).", s.clone()),
        query("country_geo", "ISO3 country of the event's location (TUR).", s.clone()),
        query("near", "LAT,LON,KM: events located within KM kilometres of the point (41.01,28.95,50).", s.clone()),
    ];
    if with_dyad {
        out.insert(2, query("dyad", "Two code prefixes A,B: events between them in either direction.", s));
    }
    out
}

fn error(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn html(description: &str) -> Value {
    json!({ "description": description, "content": { "text/html": { "schema": { "type": "string" } } } })
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The description served at `/api/openapi.json`.
pub fn document() -> Value {
    let mut events_params = filters(true);
    events_params.push(query(
        "limit",
        "Events per page, 1 to 1000 (default 50).",
        json!({ "type": "integer", "minimum": 1, "maximum": 1000 }),
    ));
    events_params.push(query("cursor", "The next_cursor of the previous page.", json!({ "type": "string" })));
    let mut timeline_params = vec![path("a", "Code prefix of one side."), path("b", "Code prefix of the other side.")];
    timeline_params.extend(filters(false));
    timeline_params.push(query(
        "interval",
        "Period length (default month); a coarser one is used (and returned) when this one would give more than 5,000 periods.",
        json!({ "type": "string", "enum": ["day", "week", "month"] }),
    ));
    let mut search_params = filters(true);
    search_params.push(query("cursor", "Where the previous page ended.", json!({ "type": "string" })));
    let mut dyad_page_params = vec![path("a", "Code prefix of one side."), path("b", "Code prefix of the other side.")];
    dyad_page_params.extend(filters(false));
    dyad_page_params.push(query(
        "interval",
        "Chart period (default month).",
        json!({ "type": "string", "enum": ["day", "week", "month"] }),
    ));
    let location = json!({ "type": "object", "nullable": true, "description": "Where the act took place; null when the text does not say.", "properties": {
        "name": { "type": "string" }, "text": { "type": "string" }, "start": { "type": "integer" }, "end": { "type": "integer" },
        "country": { "type": "string", "nullable": true }, "adm1": { "type": "string", "nullable": true },
        "lat": { "type": "number", "nullable": true }, "lon": { "type": "number", "nullable": true },
        "geonames_id": { "type": "integer", "nullable": true },
        "feature": { "type": "string", "enum": ["landmark", "city", "adm1", "region", "country", "sea"] },
        "precision": { "type": "string", "enum": ["city", "adm1", "region", "country", "sea"] } } });
    let actor = json!({ "type": "object", "nullable": true, "properties": {
        "code": { "type": "string" }, "country": { "type": "string", "nullable": true }, "sector": { "type": "string", "nullable": true },
        "name": { "type": "string" }, "text": { "type": "string" }, "start": { "type": "integer" }, "end": { "type": "integer" } } });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "dyad",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Political events coded from news text (CAMEO, PLOVER): query the store, follow dyads over time, add documents. Offsets are character offsets (Unicode scalar values) into the document text."
        },
        "paths": {
            "/api/health": { "get": { "summary": "Liveness and store counts", "responses": { "200": ok("Counts", schema("Health")) } } },
            "/api/events": { "get": {
                "summary": "Events matching the filters, newest first, one page at a time",
                "parameters": events_params,
                "responses": { "200": ok("A page", schema("EventPage")), "400": error("A malformed parameter (named in `parameter`)") } } },
            "/api/events/{id}": { "get": {
                "summary": "One event with its evidence sentence, offsets and document",
                "parameters": [path("id", "Event id (a number).")],
                "responses": { "200": ok("The event", schema("EventDetail")), "400": error("Not an id"), "404": error("No such event") } } },
            "/api/records": { "get": {
                "summary": "Event records (mentions grouped by day, source, target, CAMEO code and modality) with num_mentions, num_articles, num_sources and num_stories, in id order",
                "parameters": [
                    query("since", "Earliest event date, YYYY-MM-DD.", json!({ "type": "string" })),
                    query("until", "Latest event date, YYYY-MM-DD.", json!({ "type": "string" })),
                    query("min_sources", "Reported by at least this many outlets.", json!({ "type": "integer" })),
                    query("min_articles", "Reported in at least this many articles.", json!({ "type": "integer" })),
                    query("after", "The last id of the previous page (`next_after`).", json!({ "type": "integer" })),
                    query("limit", "Page size, 1 to 1000 (default 50).", json!({ "type": "integer" }))],
                "responses": { "200": ok("A page of records", json!({ "type": "object" })), "400": error("A malformed parameter (named in `parameter`)") } } },
            "/api/records/{id}/mentions": { "get": {
                "summary": "One record and its mentions: document, outlet, story cluster, sentence and evidence",
                "parameters": [path("id", "Record id (a number).")],
                "responses": { "200": ok("The record and its mentions", json!({ "type": "object" })), "400": error("Not an id"), "404": error("No such record") } } },
            "/api/dyads": { "get": {
                "summary": "The most active dyads (undirected pairs of country or organisation-type codes)",
                "parameters": [query("top", "How many, 1 to 1000 (default 20).", json!({ "type": "integer" }))],
                "responses": { "200": ok("Dyads", json!({ "type": "object", "properties": { "dyads": { "type": "array", "items": schema("Dyad") } } })),
                               "400": error("A malformed parameter") } } },
            "/api/dyads/{a}/{b}/timeline": { "get": {
                "summary": "Events per period between a and b (either direction): counts per QuadClass and summed Goldstein",
                "parameters": timeline_params,
                "responses": { "200": ok("The timeline", schema("Timeline")), "400": error("A malformed parameter, or a span over 5,000 months") } } },
            "/api/documents": { "post": {
                "summary": "Code and store documents (requires the bearer token)",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "oneOf": [schema("DocumentIn"), { "type": "array", "items": schema("DocumentIn") }] } } } },
                "responses": {
                    "200": ok("What happened to each document", json!({ "type": "object", "properties": { "documents": { "type": "array", "items": schema("Written") } } })),
                    "400": error("Not JSON, or a document is invalid"),
                    "401": error("No bearer token given"),
                    "403": error("Wrong token, or writes are disabled (no token configured)"),
                    "413": error("Body over 5 MB, more than 100 documents, or a document text over 1 MB"),
                    "415": error("Content-Type is not application/json") } } },
            "/api/documents/{id}": { "get": {
                "summary": "A stored document: text, sentences and events",
                "parameters": [path("id", "Document id as ingested.")],
                "responses": { "200": ok("The document", schema("Document")), "404": error("No such document") } } },
            "/api/openapi.json": { "get": { "summary": "This description", "responses": { "200": ok("OpenAPI 3", json!({ "type": "object" })) } } },
            "/": { "get": { "summary": "Dashboard: event search (a dyad filter redirects to the dyad page)", "parameters": search_params,
                             "responses": { "200": html("Search page"), "303": { "description": "To /dyads/{a}/{b}" }, "400": html("Malformed filter") } } },
            "/dyads/{a}/{b}": { "get": { "summary": "Dashboard: a dyad's timeline chart, state of the dyad and events", "parameters": dyad_page_params,
                                         "responses": { "200": html("Dyad page"), "400": html("Malformed filter") } } },
            "/documents/{id}": { "get": { "summary": "Dashboard: a document with its coded sentences marked", "parameters": [path("id", "Document id.")],
                                          "responses": { "200": html("Document page"), "404": html("No such document") } } },
            "/records": { "get": { "summary": "Dashboard: event records with their counts of mentions, articles, sources and stories",
                                   "parameters": [query("since", "Earliest event date.", json!({ "type": "string" })), query("until", "Latest event date.", json!({ "type": "string" })),
                                                  query("min_sources", "At least this many outlets.", json!({ "type": "integer" })), query("min_articles", "At least this many articles.", json!({ "type": "integer" }))],
                                   "responses": { "200": html("Records page"), "400": html("A malformed parameter") } } },
            "/records/{id}": { "get": { "summary": "Dashboard: one record and the outlets, stories and sentences that report it", "parameters": [path("id", "Record id.")],
                                        "responses": { "200": html("Record page"), "404": html("No such record") } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" }, "parameter": { "type": "string" } } },
                "Health": { "type": "object", "properties": {
                    "status": { "type": "string" }, "version": { "type": "string" }, "schema_version": { "type": "integer" },
                    "documents": { "type": "integer" }, "events": { "type": "integer" }, "dyads": { "type": "integer" }, "writes_enabled": { "type": "boolean" } } },
                "Event": { "type": "object", "description": "The dyad output contract plus the store id and the sentence's offsets.", "properties": {
                    "id": { "type": "integer" }, "doc_id": { "type": "string" }, "sentence_index": { "type": "integer" }, "sentence": { "type": "string" },
                    "sentence_start": { "type": "integer" }, "sentence_end": { "type": "integer" },
                    "date": { "type": "string", "format": "date", "nullable": true }, "date_precision": { "type": "string", "enum": ["day", "week", "month", "year", "document"] },
                    "source": actor, "target": actor,
                    "cameo": { "type": "string" }, "root": { "type": "string" }, "quad_class": { "type": "integer" }, "goldstein": { "type": "number" },
                    "plover": { "type": "object", "nullable": true, "properties": { "type": { "type": "string" }, "mode": { "type": "string", "nullable": true }, "context": { "type": "string", "nullable": true } } },
                    "action": { "type": "object", "properties": { "text": { "type": "string" }, "start": { "type": "integer" }, "end": { "type": "integer" } } },
                    "modality": { "type": "string", "enum": ["asserted", "negated", "hypothetical", "conditional", "future"] },
                    "quote": { "type": "object", "nullable": true, "properties": { "speaker": actor, "text": { "type": "string" } } },
                    "mentions": { "type": "integer" }, "headline": { "type": "boolean" },
                    "location": location } },
                "EventPage": { "type": "object", "properties": { "events": { "type": "array", "items": schema("Event") }, "next_cursor": { "type": "string", "nullable": true } } },
                "DocumentMeta": { "type": "object", "properties": { "id": { "type": "string" }, "date": { "type": "string", "nullable": true }, "title": { "type": "string", "nullable": true }, "url": { "type": "string", "nullable": true }, "source": { "type": "string", "nullable": true } } },
                "EventDetail": { "allOf": [schema("Event"), { "type": "object", "properties": { "document": schema("DocumentMeta") } }] },
                "Dyad": { "type": "object", "properties": {
                    "a": { "type": "string" }, "b": { "type": "string" }, "events": { "type": "integer" },
                    "q1": { "type": "integer" }, "q2": { "type": "integer" }, "q3": { "type": "integer" }, "q4": { "type": "integer" },
                    "goldstein": { "type": "number" }, "last": { "type": "string", "nullable": true } } },
                "Timeline": { "type": "object", "properties": {
                    "a": { "type": "string" }, "b": { "type": "string" }, "interval": { "type": "string" },
                    "periods": { "type": "array", "items": { "type": "object", "properties": {
                        "start": { "type": "string", "format": "date" }, "events": { "type": "integer" },
                        "q1": { "type": "integer" }, "q2": { "type": "integer" }, "q3": { "type": "integer" }, "q4": { "type": "integer" },
                        "goldstein": { "type": "number" } } } } } },
                "Document": { "allOf": [schema("DocumentMeta"), { "type": "object", "properties": {
                    "text": { "type": "string" }, "content_hash": { "type": "string" }, "coder": { "type": "string" }, "ingested_at": { "type": "string" },
                    "sentences": { "type": "array", "items": { "type": "object", "properties": { "index": { "type": "integer" }, "start": { "type": "integer" }, "end": { "type": "integer" }, "headline": { "type": "boolean" }, "text": { "type": "string" } } } },
                    "events": { "type": "array", "items": schema("Event") } } }] },
                "DocumentIn": { "type": "object", "required": ["text"], "properties": {
                    "id": { "type": "string", "description": "Default: sha256: and the start of the content hash." },
                    "date": { "type": "string", "format": "date" }, "title": { "type": "string" }, "url": { "type": "string" }, "source": { "type": "string" }, "text": { "type": "string" } } },
                "Written": { "type": "object", "properties": {
                    "id": { "type": "string" }, "outcome": { "type": "string", "enum": ["stored", "replaced", "unchanged", "duplicate", "failed"] },
                    "duplicate_of": { "type": "string" }, "error": { "type": "string" }, "events": { "type": "integer" } } }
            }
        }
    })
}
