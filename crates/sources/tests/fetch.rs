//! Fetching against an in-process HTTP server on 127.0.0.1 that serves
//! pages this test writes; nothing leaves the machine.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dyad_sources::fetch::{Fetcher, Politeness, Skip, USER_AGENT};

type Log = Arc<Mutex<Vec<(String, String)>>>;

/// Serves the pages `site` makes for the server's base URL (path ->
/// content type and body) for at most `max_requests` connections, logging
/// each request's path and User-Agent; returns the base URL.
fn serve(site: impl FnOnce(&str) -> HashMap<String, (&'static str, String)>, max_requests: usize) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let pages = site(&base);
    let log: Log = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut path, mut agent) = (String::new(), String::new());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some(rest) = line.strip_prefix("GET ") {
                    path = rest.split(' ').next().unwrap_or("").to_string();
                } else if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("user-agent") {
                        agent = v.trim().to_string();
                    }
                }
                line.clear();
            }
            seen.lock().unwrap().push((path.clone(), agent));
            let reply = match pages.get(&path) {
                Some((kind, body)) => {
                    format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
                }
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (base, log)
}

fn page(title: &str, sentence: &str) -> String {
    format!("<html><head><title>{title}</title><meta property='article:published_time' content='2025-06-02T09:00:00Z'></head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{sentence} Officials said the talks would go on through the week and that a statement would follow on Friday.</p></article></body></html>")
}

fn site(base: &str) -> HashMap<String, (&'static str, String)> {
    let item = |path: &str, title: &str| {
        format!("<item><title>{title}</title><link>{base}{path}</link><description>{title} (summary).</description></item>")
    };
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>{}{}{}{}</channel></rss>",
        item("/news/1", "Egypt meets Kenya"),
        item("/private/2", "Spain and Italy"),
        item("/news/1", "Egypt meets Kenya again"),
        item("/news/big", "A very long page"),
    );
    HashMap::from([
        ("/feed.xml".to_string(), ("application/rss+xml", feed)),
        ("/robots.txt".to_string(), ("text/plain", "User-agent: *\nDisallow: /private/\n".to_string())),
        ("/news/1".to_string(), ("text/html", page("Egypt meets Kenya", "Egypt met with Kenya in Cairo on Monday."))),
        ("/private/2".to_string(), ("text/html", page("Secret", "Spain condemned Italy."))),
        ("/news/big".to_string(), ("text/html", "x".repeat(20_000))),
    ])
}

#[test]
fn polite_feed_poll() {
    let (base, log) = serve(site, 40);
    let limits = Politeness { timeout: Duration::from_secs(5), max_bytes: 10_000, host_delay: Duration::from_millis(200) };
    let mut fetcher = Fetcher::new(limits);
    let started = Instant::now();
    let round = fetcher.poll_feed(&format!("{base}/feed.xml"), true, |_| false).unwrap();
    let elapsed = started.elapsed();

    // The page of item 1 was read; item 2 is disallowed by robots.txt and
    // the big page is over the limit, so both are coded from the feed's
    // text; the repeated link is not fetched again.
    let texts: Vec<&str> = round.documents.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(round.documents.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("Egypt meets Kenya\n\nEgypt met with Kenya in Cairo"), "{texts:?}");
    assert_eq!(round.documents[0].id, format!("{base}/news/1"));
    assert_eq!(texts[1], "Spain and Italy\n\nSpain and Italy (summary).");
    assert_eq!(texts[2], "A very long page\n\nA very long page (summary).");
    let why: Vec<String> = round.skipped.iter().map(|(url, skip)| format!("{} {skip}", url.trim_start_matches(&base))).collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert_eq!(round.skipped[0].1, Skip::RobotsDisallowed);
    assert_eq!(round.skipped[1].1, Skip::AlreadyFetched);
    assert!(why[2].contains("limit 10000 bytes"), "{why:?}");

    let requests = log.lock().unwrap().clone();
    let paths: Vec<&str> = requests.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/robots.txt", "/feed.xml", "/news/1", "/news/big"]);
    assert!(requests.iter().all(|(_, agent)| agent == USER_AGENT));
    // Four requests to one host, 200 ms apart at least.
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");

    // Polling again fetches the feed, and no item a second time.
    let again = fetcher.poll_feed(&format!("{base}/feed.xml"), true, |_| false).unwrap();
    assert!(again.documents.is_empty());
    assert!(again.skipped.iter().all(|(_, skip)| *skip == Skip::AlreadyFetched));
    let paths_after: Vec<String> = log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(paths_after.len(), 5);
    assert_eq!(paths_after[4], "/feed.xml");
}

#[test]
fn stored_items_are_not_fetched() {
    let (base, log) = serve(site, 10);
    let mut fetcher = Fetcher::new(Politeness { host_delay: Duration::ZERO, ..Politeness::default() });
    let round = fetcher.poll_feed(&format!("{base}/feed.xml"), true, |link| link.ends_with("/news/1")).unwrap();
    assert_eq!(round.documents.len(), 2, "the disallowed and the oversized item, from the feed text");
    assert!(!log.lock().unwrap().iter().any(|(p, _)| p == "/news/1"));
}

#[test]
fn a_missing_feed_is_an_error_naming_it() {
    let (base, _log) = serve(|_| HashMap::new(), 5);
    let mut fetcher = Fetcher::new(Politeness { host_delay: Duration::ZERO, ..Politeness::default() });
    let err = fetcher.poll_feed(&format!("{base}/none.xml"), false, |_| false).err().unwrap();
    assert!(err.contains("/none.xml") && err.contains("404"), "{err}");
}
