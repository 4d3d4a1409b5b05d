//! The dashboard: HTML rendered on the server, plain GET forms, no
//! script. Pages: event search (`/`), a dyad (`/dyads/{a}/{b}`: timeline
//! chart, the state of the dyad, its events) and a document with its
//! coded sentences marked.

use std::fmt::Write;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dyad::event::Modality;
use dyad_store::{DocumentRecord, DyadRow, EventPage, Filter, Interval, ParamError, Period, QuadTotals, StoreError, StoredEvent};

use crate::api::{dyad_path, parse_params, Params};
use crate::html::{esc, highlight, query, url, Mark};
use crate::{chart, ApiError, AppState};

const SEARCH_PARAMS: &[&str] = &[
    "source",
    "target",
    "dyad",
    "root",
    "cameo",
    "quad",
    "since",
    "until",
    "modality",
    "text",
    "country_geo",
    "near",
    "cursor",
    "interval",
];
const DYAD_PARAMS: &[&str] =
    &["source", "target", "root", "cameo", "quad", "since", "until", "modality", "text", "country_geo", "near", "cursor", "interval"];
const PAGE_SIZE: usize = 50;

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#23324a;color:#fff;padding:.6em 1.2em}header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:1em 1.2em;max-width:1400px}
form.filters{display:flex;flex-wrap:wrap;gap:.5em;align-items:end;background:#fff;padding:.8em;border:1px solid #ddd}
form.filters label{display:flex;flex-direction:column;font-size:.8em;color:#555}
form.filters input,form.filters select{font:inherit;padding:.2em .3em;width:9em}
table.events{border-collapse:collapse;width:100%;background:#fff;margin-top:1em}
table.events th,table.events td{border-bottom:1px solid #e4e4e4;padding:.35em .5em;text-align:left;vertical-align:top}
table.events th{background:#f0f2f5;font-size:.85em}
td.evidence{max-width:46em}
mark{padding:0 .1em;border-radius:2px}mark.src{background:#cfe0ff}mark.tgt{background:#ffd3cf}mark.act{background:#fff0a0}
mark.act.src,mark.act.tgt{box-shadow:inset 0 -2px #c9a400}
.q1{color:#3a8a3a}.q2{color:#1f6b35}.q3{color:#b46a10}.q4{color:#b0261b}
.modality{font-size:.8em;padding:0 .3em;border-radius:3px;background:#eee}
.error{background:#fde7e4;border:1px solid #e2a39b;padding:.6em;margin:.6em 0}
.layout{display:grid;grid-template-columns:1fr 18em;gap:1.2em}
aside ol{padding-left:1.4em}
svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}
svg.map{width:100%;margin-top:1em}
.state{display:grid;grid-template-columns:repeat(3,1fr);gap:1em;background:#fff;border:1px solid #ddd;padding:.6em 1em;margin:1em 0}
.state h3{margin:.2em 0;font-size:1em}.state ul{padding-left:1.1em;margin:.2em 0}.state li{margin-bottom:.35em}
.verdict{grid-column:1/-1;font-size:1.1em;padding:.4em .6em;border-radius:4px}
.verdict.on{background:#e1f3e1}.verdict.off{background:#fbe1de}.verdict.none{background:#eee}
.doc-text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1em;max-width:60em}
.sent.coded{background:#fffbe6}
nav.pages{margin:1em 0}
";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} · dyad</title><style>{STYLE}</style></head><body><header><a href=\"/\">dyad</a> · political events from news text · <a href=\"/records\">records</a> · <a href=\"/map\">map</a></header>\
         <main>{body}</main></body></html>",
        esc(title)
    )
}

pub(crate) fn html(status: StatusCode, title: &str, body: &str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page(title, body))).into_response()
}

fn error_body(message: &str) -> String {
    format!("<div class=\"error\">{}</div>", esc(message))
}

/// A page that could not be made: the client's mistake (a bad filter, an
/// unknown id) or ours. Shown with an empty search form to go on from.
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    pub(crate) fn bad_request(message: String) -> PageError {
        PageError { status: StatusCode::BAD_REQUEST, message }
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError { status: e.status, message: e.error }
    }
}

impl From<ParamError> for PageError {
    fn from(e: ParamError) -> PageError {
        ApiError::from(e).into()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = if self.status == StatusCode::NOT_FOUND { "not found" } else { "error" };
        html(self.status, title, &format!("{}{}", error_body(&self.message), form(&Filter::default(), None)))
    }
}

pub(crate) type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

pub(crate) fn pairs(q: Pairs) -> Result<Vec<(String, String)>, PageError> {
    q.map(|Query(p)| p).map_err(|e| PageError { status: StatusCode::BAD_REQUEST, message: e.body_text() })
}

/// The filter form. Every field is a GET parameter, so a search is a link.
pub(crate) fn form(f: &Filter, interval: Option<Interval>) -> String {
    let value = |name: &str| f.to_query().into_iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_default();
    let mut out = String::from("<form class=\"filters\" method=\"get\" action=\"/\">");
    for (name, label, hint) in [
        ("dyad", "dyad", "RUS,UKR"),
        ("source", "source", "RUS"),
        ("target", "target", "UKRGOV"),
        ("root", "CAMEO root", "04,16"),
        ("cameo", "CAMEO code", "057"),
        ("text", "text", "ceasefire"),
        ("country_geo", "located in", "TUR"),
        ("near", "near (lat,lon,km)", "41.01,28.95,50"),
    ] {
        let _ = write!(out, "<label>{label}<input name=\"{name}\" value=\"{}\" placeholder=\"{hint}\"></label>", esc(&value(name)));
    }
    for name in ["since", "until"] {
        let _ = write!(out, "<label>{name}<input type=\"date\" name=\"{name}\" value=\"{}\"></label>", esc(&value(name)));
    }
    let select = |name: &str, options: &[(&str, &str)]| {
        let current = value(name);
        let mut s = format!("<label>{name}<select name=\"{name}\"><option value=\"\">any</option>");
        for (v, text) in options {
            let selected = if current == *v { " selected" } else { "" };
            let _ = write!(s, "<option value=\"{v}\"{selected}>{text}</option>");
        }
        s + "</select></label>"
    };
    out += &select(
        "quad",
        &[("1", "1 verbal cooperation"), ("2", "2 material cooperation"), ("3", "3 verbal conflict"), ("4", "4 material conflict")],
    );
    out += &select(
        "modality",
        &[
            ("asserted", "asserted"),
            ("negated", "negated"),
            ("hypothetical", "hypothetical"),
            ("conditional", "conditional"),
            ("future", "future"),
        ],
    );
    if let Some(i) = interval {
        let _ = write!(out, "<input type=\"hidden\" name=\"interval\" value=\"{}\">", i.as_str());
    }
    out + "<button type=\"submit\">Search</button> <a href=\"/\">clear</a></form>"
}

fn actor_cell(a: &Option<dyad::event::ActorRef>) -> String {
    match a {
        Some(a) => format!("<code>{}</code><br><small>{}</small>", esc(&a.code), esc(&a.name)),
        None => "–".into(),
    }
}

fn cameo_name(state: &AppState, code: &str) -> String {
    state.coder().events().cameo.get(code).map(|c| c.name.clone()).unwrap_or_default()
}

/// The evidence sentence with source, action and target marked.
fn evidence(e: &StoredEvent) -> String {
    let rel = |start: usize, end: usize, class| {
        // Offsets are into the document; an actor resolved from another
        // sentence (a pronoun's antecedent) falls outside and is not marked.
        (start >= e.sentence_start && end <= e.sentence_end).then(|| Mark {
            start: start - e.sentence_start,
            end: end - e.sentence_start,
            class,
        })
    };
    let ev = &e.event;
    let marks: Vec<Mark> = [
        ev.source.as_ref().and_then(|a| rel(a.start, a.end, "src")),
        rel(ev.action.start, ev.action.end, "act"),
        ev.target.as_ref().and_then(|a| rel(a.start, a.end, "tgt")),
    ]
    .into_iter()
    .flatten()
    .collect();
    highlight(&ev.sentence, &marks)
}

fn events_table(state: &AppState, events: &[StoredEvent]) -> String {
    if events.is_empty() {
        return "<p class=\"empty\">No events match.</p>".into();
    }
    let mut out = String::from(
        "<table class=\"events\"><thead><tr><th>date</th><th>source</th><th>event</th><th>target</th><th>modality</th>\
         <th>evidence <small>(<mark class=\"src\">source</mark> <mark class=\"act\">action</mark> <mark class=\"tgt\">target</mark>)</small></th></tr></thead><tbody>",
    );
    for e in events {
        let ev = &e.event;
        let _ = write!(
            out,
            "<tr class=\"event\" data-id=\"{id}\"><td>{date}</td><td>{src}</td><td><span class=\"q{q}\">{cameo}</span> {name}<br><small>q{q} · Goldstein {g:+}</small></td>\
             <td>{tgt}</td><td><span class=\"modality\">{modality}</span></td>\
             <td class=\"evidence\">{evidence} <a href=\"/documents/{doc}#s{sentence}\">[{doc_text}]</a></td></tr>",
            id = e.id,
            date = ev.date.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
            src = actor_cell(&ev.source),
            tgt = actor_cell(&ev.target),
            q = ev.quad_class,
            cameo = esc(&ev.cameo),
            name = esc(&cameo_name(state, &ev.cameo)),
            g = ev.goldstein,
            modality = ev.modality.as_str(),
            evidence = evidence(e),
            doc = url(&ev.doc_id),
            sentence = ev.sentence_index,
            doc_text = esc(&ev.doc_id),
        );
    }
    out + "</tbody></table>"
}

fn pager(base: &str, f: &Filter, page: &EventPage, interval: Option<Interval>) -> String {
    let Some(next) = &page.next_cursor else { return String::new() };
    let mut q: Vec<(&str, String)> = f.to_query();
    if let Some(i) = interval {
        q.push(("interval", i.as_str().to_string()));
    }
    q.push(("cursor", next.clone()));
    format!("<nav class=\"pages\"><a rel=\"next\" href=\"{base}?{}\">Older events →</a></nav>", esc(&query(&q)))
}

fn dyad_list(rows: &[DyadRow]) -> String {
    let mut out = String::from("<aside><h2>Most active dyads</h2><ol class=\"dyads\">");
    for d in rows {
        let _ = write!(
            out,
            "<li><a href=\"/dyads/{a}/{b}\">{ea} – {eb}</a> <small>{n} events · Goldstein {g:+.1}</small></li>",
            a = url(&d.a),
            b = url(&d.b),
            ea = esc(&d.a),
            eb = esc(&d.b),
            n = d.totals.events,
            g = d.totals.goldstein
        );
    }
    out + "</ol></aside>"
}

/// `GET /`: search. A dyad filter sends the user to that dyad's page.
pub async fn search(State(state): State<AppState>, q: Pairs) -> Result<Response, PageError> {
    let pairs = pairs(q)?;
    let Params { filter, cursor, .. } = parse_params(&pairs, SEARCH_PARAMS)?;
    if let Some((a, b)) = &filter.dyad {
        let rest: Vec<(&str, String)> = pairs
            .iter()
            .filter(|(k, v)| k != "dyad" && k != "cursor" && !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        let sep = if rest.is_empty() { "" } else { "?" };
        return Ok(Redirect::to(&format!("/dyads/{}/{}{sep}{}", url(a), url(b), query(&rest))).into_response());
    }
    let f = filter.clone();
    let (events, dyads, counts) =
        state.read(move |r| Ok::<_, StoreError>((r.events(&f, cursor.as_ref(), PAGE_SIZE)?, r.top_dyads(15)?, r.counts()?))).await?;
    let body = format!(
        "<p>{} documents, {} events in the store.</p>{}<div class=\"layout\"><section><h2>Events</h2>{}{}</section>{}</div>",
        counts.documents,
        counts.events,
        form(&filter, None),
        events_table(&state, &events.events),
        pager("/", &filter, &events, None),
        dyad_list(&dyads)
    );
    Ok(html(StatusCode::OK, "events", &body))
}

/// What an event says about negotiations between the two sides.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Talks {
    /// Intent to meet or settle (036-039), consultations and negotiations
    /// (04x), a signed agreement (057).
    On,
    /// Talks, mediation or a plan rejected (125-127), relations broken or
    /// talks and mediation halted (161, 164, 165).
    Off,
}

fn talks(cameo: &str) -> Option<Talks> {
    match cameo {
        c if c.starts_with("04") || c == "057" || ["036", "037", "038", "039"].iter().any(|p| c.starts_with(p)) => Some(Talks::On),
        c if ["125", "126", "127", "161", "164", "165"].iter().any(|p| c.starts_with(p)) => Some(Talks::Off),
        _ => None,
    }
}

/// The cameo prefixes of the "state of the dyad" panel.
const STATE_CAMEO: [&str; 7] = ["03", "04", "057", "10", "12", "13", "16"];
const STATE_ITEMS: usize = 6;

fn state_item(state: &AppState, e: &StoredEvent) -> String {
    let ev = &e.event;
    let who = |a: &Option<dyad::event::ActorRef>| {
        a.as_ref().map_or("?".to_string(), |a| format!("<b title=\"{}\">{}</b>", esc(&a.name), esc(&a.code)))
    };
    let modality = if ev.modality == Modality::Asserted {
        String::new()
    } else {
        format!(" <span class=\"modality\">{}</span>", ev.modality.as_str())
    };
    format!(
        "<li>{} {} → {}: <span class=\"q{}\">{} {}</span> <q>{}</q>{modality}</li>",
        ev.date.map(|d| d.to_string()).unwrap_or_default(),
        who(&ev.source),
        who(&ev.target),
        ev.quad_class,
        esc(&ev.cameo),
        esc(&cameo_name(state, &ev.cameo)),
        esc(&ev.action.text)
    )
}

/// "Are the talks on or off, and who is demanding what?": the latest
/// negotiation-related events of the dyad, newest first.
fn state_panel(state: &AppState, events: &[StoredEvent]) -> String {
    let latest = events.iter().find(|e| e.event.modality == Modality::Asserted && talks(&e.event.cameo).is_some());
    let verdict = match latest {
        Some(e) => {
            let (class, word) = if talks(&e.event.cameo) == Some(Talks::On) { ("on", "Talks on") } else { ("off", "Talks off") };
            format!("<div class=\"verdict {class}\"><b>{word}</b> — latest: <ul>{}</ul></div>", state_item(state, e))
        }
        None => "<div class=\"verdict none\">No reported talks, halts or rejections between these sides.</div>".into(),
    };
    let column = |title: &str, pick: &dyn Fn(&str) -> bool| {
        let items: String = events.iter().filter(|e| pick(&e.event.cameo)).take(STATE_ITEMS).map(|e| state_item(state, e)).collect();
        let items = if items.is_empty() { "<li><i>none</i></li>".to_string() } else { items };
        format!("<div><h3>{title}</h3><ul>{items}</ul></div>")
    };
    format!(
        "<section class=\"state\" id=\"state\"><h2 style=\"grid-column:1/-1;margin:0\">State of the dyad</h2>{verdict}{}{}{}</section>",
        column("Talks: held, planned, halted, rejected", &|c| talks(c).is_some()),
        column("Demands (who demands what)", &|c| c.starts_with("10")),
        column("Threats and rejections", &|c| c.starts_with("13") || (c.starts_with("12") && talks(c).is_none())),
    )
}

/// `GET /dyads/{a}/{b}`: the timeline, the state of the dyad and its
/// events.
pub async fn dyad(
    State(state): State<AppState>,
    ab: Result<Path<(String, String)>, PathRejection>,
    q: Pairs,
) -> Result<Response, PageError> {
    let Path((a, b)) = ab.map_err(|e| PageError { status: StatusCode::BAD_REQUEST, message: e.body_text() })?;
    let (a, b) = dyad_path(&a, &b)?;
    let Params { mut filter, cursor, interval, .. } = parse_params(&pairs(q)?, DYAD_PARAMS)?;
    let interval = interval.unwrap_or(Interval::Month);
    filter.dyad = Some((a.clone(), b.clone()));
    let mut talks_filter = Filter { dyad: filter.dyad.clone(), since: filter.since, until: filter.until, ..Filter::default() };
    talks_filter.cameo = STATE_CAMEO.iter().map(|c| c.to_string()).collect();
    let f = filter.clone();
    let (events, (interval, periods), talk_events) = state
        .read(move |r| {
            Ok::<_, StoreError>((r.events(&f, cursor.as_ref(), PAGE_SIZE)?, r.timeline(&f, interval)?, r.events(&talks_filter, None, 100)?))
        })
        .await?;
    let svg = chart::timeline_svg(&periods, interval).map_err(ApiError::internal)?;
    let totals = totals(&periods);
    let mut intervals = String::new();
    for i in [Interval::Day, Interval::Week, Interval::Month] {
        let mut q = filter.to_query();
        q.retain(|(k, _)| *k != "dyad");
        q.push(("interval", i.as_str().to_string()));
        let current = if i == interval { " aria-current=\"page\"" } else { "" };
        let _ = write!(intervals, " <a href=\"/dyads/{}/{}?{}\"{current}>{}</a>", url(&a), url(&b), esc(&query(&q)), i.as_str());
    }
    let base = format!("/dyads/{}/{}", url(&a), url(&b));
    let mut pager_filter = filter.clone();
    pager_filter.dyad = None;
    let body = format!(
        "<h1>{ea} – {eb}</h1><p>{totals} · per{intervals}</p>{form}<figure class=\"timeline\">{svg}\
         <figcaption>Events per {interval} by QuadClass (bars) and summed Goldstein score (line).</figcaption></figure>{panel}\
         <h2>Events</h2>{table}{pager}",
        ea = esc(&a),
        eb = esc(&b),
        form = form(&filter, Some(interval)),
        interval = interval.as_str(),
        panel = state_panel(&state, &talk_events.events),
        table = events_table(&state, &events.events),
        pager = pager(&base, &pager_filter, &events, Some(interval)),
    );
    Ok(html(StatusCode::OK, &format!("{a} – {b}"), &body))
}

fn totals(periods: &[Period]) -> String {
    let t: QuadTotals = periods.iter().map(|p| &p.totals).sum();
    format!(
        "{} dated events: <span class=\"q1\">{} verbal</span> and <span class=\"q2\">{} material cooperation</span>, \
         <span class=\"q3\">{} verbal</span> and <span class=\"q4\">{} material conflict</span>; Goldstein sum {:+.1}",
        t.events, t.q1, t.q2, t.q3, t.q4, t.goldstein
    )
}

/// `GET /documents/{id}`: the text with every coded sentence marked.
pub async fn document(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Result<Response, PageError> {
    let Path(id) = id.map_err(|e| PageError { status: StatusCode::BAD_REQUEST, message: e.body_text() })?;
    let key = id.clone();
    let doc = state.read(move |r| r.document(&key)).await?.ok_or_else(|| not_found(&format!("/documents/{id}")))?;
    let body = format!("{}<h2>Events</h2>{}", document_text(&doc), events_table(&state, &doc.events));
    Ok(html(StatusCode::OK, doc.meta.title.as_deref().unwrap_or(&doc.meta.id), &body))
}

fn document_text(doc: &DocumentRecord) -> String {
    let m = &doc.meta;
    let mut out = format!("<h1>{}</h1><p><code>{}</code>", esc(m.title.as_deref().unwrap_or(&m.id)), esc(&m.id));
    for v in [&m.date, &m.source].into_iter().flatten() {
        let _ = write!(out, " · {}", esc(v));
    }
    if let Some(u) = &m.url {
        let _ = write!(out, " · <a href=\"{0}\" rel=\"noreferrer\">{0}</a>", esc(u));
    }
    out += "</p><div class=\"doc-text\">";
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |a: usize, b: usize| chars[a.min(chars.len())..b.min(chars.len())].iter().collect::<String>();
    let mut at = 0;
    for s in &doc.sentences {
        out += &esc(&slice(at, s.start));
        let events: Vec<&StoredEvent> = doc.events.iter().filter(|e| e.event.sentence_index == s.index).collect();
        let marks: Vec<Mark> = events
            .iter()
            .flat_map(|e| {
                let ev = &e.event;
                [
                    ev.source.as_ref().map(|a| (a.start, a.end, "src")),
                    Some((ev.action.start, ev.action.end, "act")),
                    ev.target.as_ref().map(|a| (a.start, a.end, "tgt")),
                ]
            })
            .flatten()
            .filter(|(a, b, _)| *a >= s.start && *b <= s.end)
            .map(|(a, b, class)| Mark { start: a - s.start, end: b - s.start, class })
            .collect();
        let class = if events.is_empty() { "sent" } else { "sent coded" };
        let _ = write!(out, "<span class=\"{class}\" id=\"s{}\">{}</span>", s.index, highlight(&s.text, &marks));
        at = s.end;
    }
    out += &esc(&slice(at, chars.len()));
    out + "</div>"
}

pub fn not_found(path: &str) -> PageError {
    PageError { status: StatusCode::NOT_FOUND, message: format!("Nothing at {path}.") }
}
