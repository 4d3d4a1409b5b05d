//! Polite fetching of feeds and the pages they link: a User-Agent naming
//! dyad, timeouts, a size limit, a delay between requests to one host,
//! robots.txt respected, and no URL fetched twice by one [`Fetcher`].

use std::collections::{HashMap, HashSet};
use std::thread::sleep;
use std::time::{Duration, Instant};

use dyad_text::Document;
use texting_robots::Robot;

use crate::feed::read_feed;
use crate::html::{article_document, extract_article, host_of};

/// The User-Agent dyad sends, and the agent name robots.txt rules are
/// matched against.
pub const USER_AGENT: &str = concat!("dyad/", env!("CARGO_PKG_VERSION"), " (news event coder)");
const ROBOTS_AGENT: &str = "dyad";

/// Limits of one fetcher.
#[derive(Clone, Debug)]
pub struct Politeness {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Largest body read; a larger one is refused.
    pub max_bytes: u64,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness { timeout: Duration::from_secs(20), max_bytes: 5 * 1024 * 1024, host_delay: Duration::from_secs(2) }
    }
}

/// Why a URL was not fetched.
#[derive(Debug, PartialEq, Eq)]
pub enum Skip {
    AlreadyFetched,
    RobotsDisallowed,
    Failed(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::AlreadyFetched => write!(f, "fetched before"),
            Skip::RobotsDisallowed => write!(f, "disallowed by robots.txt"),
            Skip::Failed(why) => write!(f, "{why}"),
        }
    }
}

/// A fetcher keeps, for its lifetime, the URLs it fetched, each host's
/// robots.txt and when each host was last asked.
pub struct Fetcher {
    agent: ureq::Agent,
    limits: Politeness,
    fetched: HashSet<String>,
    robots: HashMap<String, Option<Robot>>,
    last_request: HashMap<String, Instant>,
}

/// What one feed gave: documents (pages, or items as text where the page
/// could not be had) and the URLs skipped, with why.
#[derive(Default)]
pub struct FeedRound {
    pub documents: Vec<Document>,
    pub skipped: Vec<(String, Skip)>,
}

impl Fetcher {
    pub fn new(limits: Politeness) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(limits.timeout))
            .user_agent(USER_AGENT)
            .http_status_as_error(false)
            .max_redirects(5)
            .build()
            .into();
        Fetcher { agent, limits, fetched: HashSet::new(), robots: HashMap::new(), last_request: HashMap::new() }
    }

    /// Marks `url` as fetched without fetching it (a page already stored).
    pub fn remember(&mut self, url: &str) {
        self.fetched.insert(url.to_string());
    }

    /// The body of `url`, once per fetcher, when robots.txt allows it.
    pub fn fetch(&mut self, url: &str) -> Result<String, Skip> {
        if self.fetched.contains(url) {
            return Err(Skip::AlreadyFetched);
        }
        // Marked before asking: a URL robots.txt forbids, or that failed,
        // is given up on, not tried again.
        self.fetched.insert(url.to_string());
        if !self.allowed(url) {
            return Err(Skip::RobotsDisallowed);
        }
        self.get(url)
    }

    /// Whether robots.txt of `url`'s site lets dyad fetch it; a site
    /// without a readable robots.txt allows everything.
    fn allowed(&mut self, url: &str) -> bool {
        let Some(host) = host_of(url) else { return false };
        if !self.robots.contains_key(&host) {
            let robots = texting_robots::get_robots_url(url)
                .ok()
                .and_then(|robots_url| self.get(&robots_url).ok())
                .and_then(|txt| Robot::new(ROBOTS_AGENT, txt.as_bytes()).ok());
            self.robots.insert(host.clone(), robots);
        }
        self.robots.get(&host).and_then(Option::as_ref).is_none_or(|r| r.allowed(url))
    }

    /// One GET, after waiting out the host's delay (or the site's
    /// Crawl-delay, when longer).
    fn get(&mut self, url: &str) -> Result<String, Skip> {
        let host = host_of(url).ok_or_else(|| Skip::Failed(format!("not an http(s) URL: {url}")))?;
        let crawl_delay =
            self.robots.get(&host).and_then(Option::as_ref).and_then(|r| r.delay).map(|d| Duration::from_secs_f32(d.clamp(0.0, 60.0)));
        let delay = crawl_delay.map_or(self.limits.host_delay, |d| d.max(self.limits.host_delay));
        if let Some(last) = self.last_request.get(&host) {
            let waited = last.elapsed();
            if waited < delay {
                sleep(delay - waited);
            }
        }
        self.last_request.insert(host, Instant::now());
        let mut response = self.agent.get(url).call().map_err(|e| Skip::Failed(format!("{url}: {e}")))?;
        if !response.status().is_success() {
            return Err(Skip::Failed(format!("{url}: HTTP {}", response.status())));
        }
        response
            .body_mut()
            .with_config()
            .limit(self.limits.max_bytes)
            .read_to_string()
            .map_err(|e| Skip::Failed(format!("{url}: {e} (limit {} bytes)", self.limits.max_bytes)))
    }

    /// Reads the feed at `url` and every item it lists: the item's page
    /// when `pages` is set and the page can be fetched and read, else the
    /// item's title and summary. Items whose link was asked for before, or
    /// that `stored` knows (a document of an earlier run), are left out.
    pub fn poll_feed(&mut self, url: &str, pages: bool, stored: impl Fn(&str) -> bool) -> Result<FeedRound, String> {
        // A feed is polled again and again: only its items are fetched once.
        self.fetched.remove(url);
        let body = self.fetch(url).map_err(|e| format!("{url}: {e}"))?;
        let items = read_feed(body.as_bytes()).map_err(|e| format!("{url}: {e}"))?;
        let mut round = FeedRound::default();
        for item in items {
            if item.link.as_deref().is_some_and(&stored) {
                self.remember(&item.id);
                round.skipped.push((item.id, Skip::AlreadyFetched));
                continue;
            }
            let Some(link) = item.link.clone().filter(|_| pages) else {
                round.documents.push(item.into_document());
                continue;
            };
            match self.fetch(&link) {
                Ok(html) => match extract_article(&html, Some(&link)) {
                    Ok(mut article) => {
                        article.date = article.date.or(item.date);
                        round.documents.push(article_document(link, article));
                    }
                    Err(e) => {
                        round.skipped.push((link, Skip::Failed(e)));
                        round.documents.push(item.into_document());
                    }
                },
                Err(Skip::AlreadyFetched) => round.skipped.push((link, Skip::AlreadyFetched)),
                Err(skip) => {
                    round.skipped.push((link, skip));
                    round.documents.push(item.into_document());
                }
            }
        }
        Ok(round)
    }
}
