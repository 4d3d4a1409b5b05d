//! The server over real loopback sockets: every endpoint, the error paths
//! (400, 401, 403, 404, 413), writes while reading, the OpenAPI route list,
//! and the dashboard in headless Chromium.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use dyad::{Coder, Document};
use dyad_server::{AppState, Config};

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-server-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn examples() -> Vec<Document> {
    dyad::examples::articles()
        .into_iter()
        .map(|(name, text)| dyad::document::read_article(name, name.trim_end_matches(".txt"), text.as_bytes()).unwrap())
        .collect()
}

/// A store holding the example articles.
pub fn fixture(name: &str) -> PathBuf {
    let db = scratch(name).join("dyad.db");
    let coder = Coder::builtin().unwrap();
    dyad_store::ingest::ingest(&db, &coder, examples(), &Default::default(), &|_| {}).unwrap();
    db
}

/// A server on 127.0.0.1 (port chosen by the system), stopped on drop.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(db: &std::path::Path, token: Option<&str>) -> Server {
        let config = Config { db: db.to_path_buf(), coder: Coder::builtin().unwrap(), token: token.map(str::to_string) };
        let state = AppState::new(config).unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                dyad_server::serve(listener, state, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        let addr = rx.recv_timeout(Duration::from_secs(30)).expect("the server starts");
        Server { addr, stop: Some(stop), thread: Some(thread) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(Duration::from_secs(60))).build().into()
}

fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut r = r.expect("the request is answered");
    let content_type = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = r.body_mut().with_config().limit(64 * 1024 * 1024).read_to_string().unwrap();
    Reply { status: r.status().as_u16(), content_type, body }
}

pub fn get(url: &str) -> Reply {
    reply(agent().get(url).call())
}

pub fn post(url: &str, token: Option<&str>, body: &str) -> Reply {
    let mut req = agent().post(url).header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    reply(req.send(body))
}

/// Status of a POST /api/documents written straight to the socket: the
/// server may answer before the body is sent, so the body is written from
/// another thread and a failed write is expected.
fn raw_post(addr: SocketAddr, token: &str, headers: &str, body: &[u8]) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head =
        format!("POST /api/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n{headers}Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut sender = stream.try_clone().unwrap();
    let body = body.to_vec();
    let writing = std::thread::spawn(move || {
        let _ = sender.write_all(&body);
    });
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    while !response.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = writing.join();
    let status = String::from_utf8_lossy(&response);
    status.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no HTTP status in {status:?}"))
}

fn events_of(reply: &Reply) -> Vec<serde_json::Value> {
    reply.json()["events"].as_array().unwrap().clone()
}

fn assert_error(r: &Reply, status: u16, parameter: Option<&str>) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(r.content_type.starts_with("application/json"), "{}", r.content_type);
    let v = r.json();
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    if let Some(p) = parameter {
        assert_eq!(v["parameter"], p, "{v}");
    }
}

/// Characters `start..end` of `text`.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn read_endpoints() {
    let server = Server::start(&fixture("reads"), None);
    let health = get(&server.url("/api/health")).json();
    assert_eq!(
        (health["status"].as_str(), health["documents"].as_u64(), health["writes_enabled"].as_bool()),
        (Some("ok"), Some(5), Some(false))
    );
    let total = health["events"].as_u64().unwrap();
    assert!(total > 20);

    // Pages of 7 follow one another to the end, without gaps or repeats.
    let (mut seen, mut cursor) = (Vec::new(), String::new());
    loop {
        let r = get(&server.url(&format!("/api/events?limit=7&cursor={cursor}")));
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        seen.extend(v["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
        match v["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!((seen.len() as u64, unique.len() as u64), (total, total));

    let rus_ukr = events_of(&get(&server.url("/api/events?dyad=rus,UKR&limit=1000")));
    assert!(!rus_ukr.is_empty());
    for e in &rus_ukr {
        let (s, t) = (e["source"]["code"].as_str().unwrap(), e["target"]["code"].as_str().unwrap());
        assert!((s.starts_with("RUS") && t.starts_with("UKR")) || (s.starts_with("UKR") && t.starts_with("RUS")), "{s} {t}");
    }
    let filtered =
        events_of(&get(&server.url("/api/events?source=RUS&root=12,16&modality=asserted&since=2025-01-01&until=2025-12-31&text=talks")));
    assert!(filtered
        .iter()
        .all(|e| e["source"]["code"].as_str().unwrap().starts_with("RUS") && ["12", "16"].contains(&e["root"].as_str().unwrap())));

    // One event: its sentence and every span are where the offsets say.
    let id = rus_ukr[0]["id"].as_i64().unwrap();
    let detail = get(&server.url(&format!("/api/events/{id}"))).json();
    let doc_id = detail["document"]["id"].as_str().unwrap().to_string();
    let doc = get(&server.url(&format!("/api/documents/{doc_id}"))).json();
    let text = doc["text"].as_str().unwrap();
    assert_eq!(
        chars(text, detail["sentence_start"].as_u64().unwrap(), detail["sentence_end"].as_u64().unwrap()),
        detail["sentence"].as_str().unwrap()
    );
    for span in [&detail["source"], &detail["target"], &detail["action"]] {
        assert_eq!(chars(text, span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap()), span["text"].as_str().unwrap());
    }
    assert!(doc["sentences"].as_array().unwrap().len() > 5);
    assert!(doc["events"].as_array().unwrap().iter().any(|e| e["id"] == id));

    let dyads = get(&server.url("/api/dyads?top=3")).json()["dyads"].as_array().unwrap().clone();
    assert_eq!(dyads.len(), 3);
    assert!(dyads.windows(2).all(|w| w[0]["events"].as_u64() >= w[1]["events"].as_u64()));

    let dated = rus_ukr.iter().filter(|e| !e["date"].is_null()).count() as u64;
    for interval in ["day", "week", "month"] {
        let t = get(&server.url(&format!("/api/dyads/UKR/RUS/timeline?interval={interval}"))).json();
        let periods = t["periods"].as_array().unwrap();
        assert_eq!(periods.iter().map(|p| p["events"].as_u64().unwrap()).sum::<u64>(), dated, "{interval}");
        for p in periods {
            let quads: u64 = ["q1", "q2", "q3", "q4"].iter().map(|q| p[q].as_u64().unwrap()).sum();
            assert_eq!(quads, p["events"].as_u64().unwrap());
        }
    }
    let narrowed = get(&server.url("/api/dyads/RUS/UKR/timeline?source=UKR&quad=3,4")).json();
    assert!(narrowed["periods"].as_array().unwrap().iter().map(|p| p["q1"].as_u64().unwrap()).sum::<u64>() == 0);
}

#[test]
fn records_with_counts_and_their_mentions() {
    let server = Server::start(&fixture("records"), None);
    let page = get(&server.url("/api/records?limit=3")).json();
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(page["next_after"], records[2]["id"]);
    let first = &records[0];
    assert!(first["num_mentions"].as_i64().unwrap() >= 1 && first["num_sources"].as_i64().unwrap() >= 1);
    let detail = get(&server.url(&format!("/api/records/{}/mentions", first["id"]))).json();
    let mentions = detail["mentions"].as_array().unwrap();
    assert_eq!(mentions.iter().map(|m| m["mentions"].as_i64().unwrap()).sum::<i64>(), first["num_mentions"].as_i64().unwrap());
    assert_error(&get(&server.url("/api/records?min_sources=many")), 400, Some("min_sources"));
    let listing = get(&server.url("/records?min_sources=1"));
    assert_eq!(listing.status, 200);
    assert!(listing.body.contains(&format!("href=\"/records/{}\"", first["id"])), "{}", listing.body);
    let record_page = get(&server.url(&format!("/records/{}", first["id"])));
    assert!(record_page.status == 200 && record_page.body.contains("Mentions"));
    assert_eq!(get(&server.url("/records?since=soon")).status, 400);
    assert_error(&get(&server.url("/api/records/999999/mentions")), 404, None);
}

#[test]
fn bad_requests_name_the_parameter() {
    let server = Server::start(&fixture("errors"), None);
    for (path, parameter) in [
        ("/api/events?quad=9", "quad"),
        ("/api/events?colour=red", "colour"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=many", "limit"),
        ("/api/events?cursor=xyz", "cursor"),
        ("/api/events?since=2025-13-01", "since"),
        ("/api/events?dyad=RUS", "dyad"),
        ("/api/events?source=R%27%3B%20DROP%20TABLE%20events", "source"),
        ("/api/events?text=%22unbalanced", "text"),
        ("/api/events/abc", "id"),
        ("/api/dyads?top=-1", "top"),
        ("/api/dyads/R1/UKR/timeline", "a"),
        ("/api/dyads/RUS/UKR/timeline?interval=year", "interval"),
        ("/api/dyads/RUS/UKR/timeline?dyad=USA,CHN", "dyad"),
    ] {
        assert_error(&get(&server.url(path)), 400, Some(parameter));
    }
    assert_error(&get(&server.url("/api/events/999999")), 404, None);
    assert_error(&get(&server.url("/api/documents/no-such-doc")), 404, None);
    assert_error(&get(&server.url("/api/no-such-route")), 404, None);
    let page = get(&server.url("/no-such-page"));
    assert_eq!(page.status, 404);
    assert!(page.content_type.starts_with("text/html"));
    let page = get(&server.url("/?quad=9"));
    assert_eq!(page.status, 400);
    assert!(page.body.contains("quad"), "the dashboard says which filter is wrong");
    // The store is intact after the injection attempt.
    assert_eq!(get(&server.url("/api/health")).json()["documents"], 5);
}

#[test]
fn a_post_stores_its_good_documents_beside_one_that_panics() {
    let db = fixture("panic");
    let server = Server::start(&db, Some("s3cret"));
    let body = format!(
        r#"[{{"id": "good", "text": "Kyiv thanked Warsaw for its support."}}, {{"id": "bad", "text": "{}"}}]"#,
        dyad::guard::FAULT_MARKER
    );
    let r = post(&server.url("/api/documents"), Some("s3cret"), &body);
    assert_eq!(r.status, 200, "{}", r.body);
    let written = r.json();
    assert_eq!(written["documents"][0]["outcome"], "stored");
    assert_eq!(written["documents"][1]["outcome"], "failed");
    assert!(written["documents"][1]["error"].as_str().unwrap().contains("document \"bad\" could not be coded"), "{written}");
    assert_eq!(get(&server.url("/api/documents/good")).json()["id"], "good");
    assert_eq!(get(&server.url("/api/documents/bad")).status, 404);
}

#[test]
fn writes_need_a_token_and_fit_in_5_mb() {
    let db = fixture("writes");
    let doc = r#"{"id": "posted-1", "date": "2025-10-01", "title": "Talks resume", "text": "Russia and Ukraine resumed peace talks in Istanbul on Tuesday."}"#;
    {
        let closed = Server::start(&db, None);
        assert_error(&post(&closed.url("/api/documents"), Some("anything"), doc), 403, None);
    }
    let server = Server::start(&db, Some("s3cret"));
    assert_eq!(get(&server.url("/api/health")).json()["writes_enabled"], true);
    let r = post(&server.url("/api/documents"), None, doc);
    assert_error(&r, 401, None);
    assert_error(&post(&server.url("/api/documents"), Some("wrong"), doc), 403, None);

    let r = post(&server.url("/api/documents"), Some("s3cret"), doc);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["documents"][0]["outcome"], "stored");
    assert_eq!(post(&server.url("/api/documents"), Some("s3cret"), doc).json()["documents"][0]["outcome"], "unchanged");
    let stored = get(&server.url("/api/documents/posted-1")).json();
    assert_eq!(stored["title"], "Talks resume");

    let many = r#"[{"id": "posted-1", "date": "2025-10-02", "text": "Russia and Ukraine resumed peace talks in Istanbul on Tuesday."},
                   {"text": "Ukraine accused Russia of shelling Kharkiv.", "date": "2025-10-03"}]"#;
    let written = post(&server.url("/api/documents"), Some("s3cret"), many).json();
    assert_eq!(written["documents"][0]["outcome"], "replaced");
    assert_eq!(written["documents"][1]["outcome"], "stored");
    assert!(written["documents"][1]["id"].as_str().unwrap().starts_with("sha256:"), "{written}");
    assert_eq!(get(&server.url("/api/documents/posted-1")).json()["date"], "2025-10-02");

    for (body, what) in [
        ("not json", "not JSON"),
        ("42", "document object"),
        ("[]", "no documents"),
        (r#"[{"text": "Fine."}, {"id": "x"}]"#, "document 1: missing required field"),
        (r#"{"text": "Fine.", "date": "yesterday"}"#, "YYYY-MM-DD"),
    ] {
        let r = post(&server.url("/api/documents"), Some("s3cret"), body);
        assert_error(&r, 400, Some("body"));
        assert!(r.body.contains(what), "{what}: {}", r.body);
    }
    let before = get(&server.url("/api/health")).json()["documents"].clone();
    let huge = format!(r#"{{"text": "{}"}}"#, "a".repeat(5 * 1024 * 1024 + 10));
    // Declared too long: refused before the body is read.
    let head = format!("Content-Type: application/json\r\nContent-Length: {}\r\n", huge.len());
    assert_eq!(raw_post(server.addr, "s3cret", &head, huge.as_bytes()), 413);
    // Sent in chunks with no declared length: refused once 5 MB are read.
    let chunked: Vec<u8> = huge
        .as_bytes()
        .chunks(64 * 1024)
        .flat_map(|c| [format!("{:x}\r\n", c.len()).as_bytes(), c, b"\r\n"].concat())
        .chain(*b"0\r\n\r\n")
        .collect();
    assert_eq!(raw_post(server.addr, "s3cret", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", &chunked), 413);
    assert_eq!(get(&server.url("/api/health")).json()["documents"], before, "nothing written by refused requests");
}

#[test]
fn reads_go_on_while_an_ingest_writes() {
    let db = fixture("concurrent");
    let server = Server::start(&db, None);
    let docs: Vec<Document> = (0..300)
        .map(|i| {
            let mut d = examples()[i % 5].clone();
            d.id = format!("bulk-{i}");
            d.text.push_str(&format!("\nUpdate {i}.\n"));
            d
        })
        .collect();
    let writer = std::thread::spawn(move || {
        let coder = Coder::builtin().unwrap();
        let options = dyad_store::ingest::Options { batch_docs: 10, ..Default::default() };
        dyad_store::ingest::ingest(&db, &coder, docs, &options, &|_| {}).unwrap()
    });
    let mut reads = 0;
    while !writer.is_finished() {
        for path in ["/api/events?dyad=RUS,UKR", "/api/dyads?top=5", "/api/dyads/RUS/UKR/timeline?interval=week", "/api/health"] {
            let r = get(&server.url(path));
            assert_eq!(r.status, 200, "{path}: {}", r.body);
            reads += 1;
        }
    }
    let stats = writer.join().unwrap();
    assert_eq!(stats.stored, 300);
    assert!(reads >= 4, "reads were served during the ingest ({reads})");
    assert_eq!(get(&server.url("/api/health")).json()["documents"], 305);
}

/// Every route the server answers, as the OpenAPI description names it.
const ROUTES: [(&str, &str); 15] = [
    ("get", "/"),
    ("get", "/records"),
    ("get", "/records/{id}"),
    ("get", "/dyads/{a}/{b}"),
    ("get", "/documents/{id}"),
    ("get", "/api/health"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/records"),
    ("get", "/api/records/{id}/mentions"),
    ("get", "/api/dyads"),
    ("get", "/api/dyads/{a}/{b}/timeline"),
    ("post", "/api/documents"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/openapi.json"),
];

#[test]
fn openapi_lists_every_route() {
    let server = Server::start(&fixture("openapi"), Some("t"));
    let spec = get(&server.url("/api/openapi.json")).json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let mut listed: Vec<(String, String)> = Vec::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            listed.push((method.clone(), path.clone()));
        }
    }
    listed.sort();
    let mut expected: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    expected.sort();
    assert_eq!(listed, expected);

    // ... and each of them is served (not the fallback's 404).
    let event = events_of(&get(&server.url("/api/events?limit=1")))[0].clone();
    for (method, path) in ROUTES {
        let concrete = path.replace("{a}", "RUS").replace("{b}", "UKR").replace(
            "{id}",
            &if path.contains("records") {
                "1".to_string()
            } else if path.contains("events") {
                event["id"].to_string()
            } else {
                event["doc_id"].as_str().unwrap().to_string()
            },
        );
        let r = if method == "post" {
            post(&server.url(&concrete), Some("t"), r#"{"text": "Kyiv thanked Warsaw."}"#)
        } else {
            get(&server.url(&concrete))
        };
        assert_eq!(r.status, 200, "{method} {concrete}: {}", &r.body[..r.body.len().min(300)]);
    }
}

#[test]
fn dashboard_pages_render() {
    let server = Server::start(&fixture("pages"), None);
    let home = get(&server.url("/"));
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<form class=\"filters\"") && home.body.contains("Most active dyads"));
    assert!(home.body.contains("<mark class=\"src\">"), "evidence is highlighted");
    let to_dyad = get(&server.url("/?dyad=RUS%2CUKR&quad=3,4&source="));
    assert_eq!(to_dyad.status, 303);
    let page = get(&server.url("/dyads/RUS/UKR?quad=3,4&interval=week"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg") && page.body.contains("State of the dyad"));
    assert!(page.body.contains("Talks off") || page.body.contains("Talks on"), "a verdict on the talks");
    let doc = get(&server.url("/documents/example-kremlin-talks"));
    assert!(doc.status == 200 && doc.body.contains("class=\"sent coded\""));
    assert!(get(&server.url("/?text=%22unbalanced")).body.contains("not a full-text query"));
}

/// Headless Chromium loads the dashboard, filters to a dyad (the search
/// form's GET) and must show the chart and highlighted evidence rows.
#[test]
fn browser_shows_chart_and_highlighted_rows() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("skipped: /usr/bin/chromium not found (apt-get install chromium)");
        return;
    }
    let server = Server::start(&fixture("browser"), None);
    let profile = scratch("browser-profile");
    let dom = |url: &str| -> String {
        let mut child = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                &format!("--user-data-dir={}", profile.display()),
                "--dump-dom",
                url,
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromium starts");
        let deadline = std::time::Instant::now() + Duration::from_secs(90);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("chromium did not finish loading {url}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut out = String::new();
        std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
        out
    };
    let home = dom(&server.url("/"));
    assert!(home.contains("name=\"dyad\""), "the search form has a dyad field: {}", &home[..home.len().min(500)]);
    // What submitting the form with dyad=RUS,UKR requests; the server
    // redirects to the dyad page and the browser follows.
    let page = dom(&server.url("/?dyad=RUS%2CUKR&source=&text="));
    assert!(page.contains("<h1>RUS – UKR</h1>"), "on the dyad page: {}", &page[..page.len().min(500)]);
    let figure = &page[page.find("<figure class=\"timeline\">").expect("the timeline figure")..];
    assert!(figure.contains("<svg") && figure.contains("<rect") && figure.contains("<polyline"), "the chart is drawn");
    let rows: Vec<&str> = page.split("<tr class=\"event\"").skip(1).collect();
    assert!(!rows.is_empty(), "event rows");
    assert!(rows.iter().all(|r| r.contains("<mark class=\"act")), "every row marks its action");
    assert!(rows.iter().any(|r| r.contains("<mark class=\"src") && r.contains("tgt\">")), "source and target are marked");
    assert!(page.contains("State of the dyad"));
}

#[test]
fn map_page_draws_located_events_linking_to_their_evidence() {
    let server = Server::start(&fixture("map"), None);
    let page = get(&server.url("/map"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg class=\"map\""));
    // Dots link to the search page ("/?..."); the header's links do not.
    let dot = page.body.split("<a href=\"/?").nth(1).and_then(|s| s.split('"').next());
    let link = format!("/?{}", dot.expect("a dot for at least one located example event")).replace("&amp;", "&");
    assert!(link.contains("near="), "{link}");
    let evidence = get(&server.url(&link));
    assert_eq!(evidence.status, 200);
    assert!(evidence.body.contains("<mark class=\"act\""), "the events near the dot are listed with their evidence");
    assert_eq!(get(&server.url("/map?near=1,2")).status, 400);
}

#[test]
fn posts_must_be_json_and_within_coding_limits() {
    let db = fixture("limits");
    let server = Server::start(&db, Some("s3cret"));
    let doc = br#"{"text": "Russia and Ukraine resumed peace talks."}"#;
    let length = format!("Content-Length: {}\r\n", doc.len());
    assert_eq!(raw_post(server.addr, "s3cret", &length, doc), 415);
    assert_eq!(raw_post(server.addr, "s3cret", &format!("Content-Type: text/plain\r\n{length}"), doc), 415);
    assert_eq!(raw_post(server.addr, "s3cret", &format!("Content-Type: application/json; charset=utf-8\r\n{length}"), doc), 200);

    let one = r#"{"text": "Ukraine accused Russia of shelling Kharkiv."}"#;
    let too_many = format!("[{}]", vec![one; dyad_server::api::MAX_DOCUMENTS + 1].join(","));
    let r = post(&server.url("/api/documents"), Some("s3cret"), &too_many);
    assert_error(&r, 413, None);
    assert!(r.body.contains("101 documents"), "{}", r.body);
    let long = format!(r#"[{one}, {{"id": "long", "text": "{}"}}]"#, "Russia said talks would resume. ".repeat(40_000));
    let r = post(&server.url("/api/documents"), Some("s3cret"), &long);
    assert_error(&r, 413, None);
    assert!(r.json()["error"].as_str().unwrap().contains("\"long\""), "names the document: {}", r.body);
}

#[test]
fn a_client_that_sends_headers_slowly_is_cut_off() {
    use std::io::{Read, Write};
    let db = fixture("slow-headers");
    let server = Server::start(&db, None);
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(900))).unwrap();
    let started = std::time::Instant::now();
    let mut head = format!("GET /api/health HTTP/1.1\r\nHost: {}\r\n", server.addr);
    let limit = dyad_server::HEADER_TIMEOUT + Duration::from_secs(5);
    let mut closed = false;
    while started.elapsed() < limit && !closed {
        // One header line a second; the request never ends.
        closed = stream.write_all(head.as_bytes()).is_err() || matches!(stream.read(&mut [0u8; 256]), Ok(0));
        head = format!("X-Line-{}: still here\r\n", started.elapsed().as_secs());
    }
    assert!(closed, "still connected after {:?}", started.elapsed());
    assert!(started.elapsed() >= dyad_server::HEADER_TIMEOUT - Duration::from_secs(1), "cut off after {:?}", started.elapsed());
}

#[test]
fn a_timeline_over_centuries_coarsens_to_months() {
    let db = fixture("centuries");
    let server = Server::start(&db, Some("s3cret"));
    let docs = r#"[{"id": "old", "date": "1850-03-01", "text": "Russia attacked Ukraine."},
                   {"id": "new", "date": "2150-03-01", "text": "Ukraine attacked Russia."}]"#;
    assert_eq!(post(&server.url("/api/documents"), Some("s3cret"), docs).status, 200);
    let t = get(&server.url("/api/dyads/RUS/UKR/timeline?interval=day")).json();
    assert_eq!(t["interval"], "month", "{}", t["interval"]);
    let periods = t["periods"].as_array().unwrap();
    assert_eq!(periods.first().unwrap()["start"], "1850-03-01");
    assert!(periods.len() as i64 <= dyad_store::read::MAX_PERIODS, "{} periods", periods.len());
    let narrowed = get(&server.url("/api/dyads/RUS/UKR/timeline?interval=day&since=2025-01-01&until=2025-12-31")).json();
    assert_eq!(narrowed["interval"], "day");
}
