//! HTML articles: the main text without navigation, captions, comments and
//! banners (dom_smoothie, a Readability port, in formatted mode so that
//! paragraphs stay paragraphs), and the page's metadata: title, publication
//! date, canonical URL and outlet.

use chrono::NaiveDate;
use dom_smoothie::{Config, Readability, TextMode};
use dyad_text::Document;

/// What an HTML page says about itself, read before the main text is
/// extracted (extraction rewrites the tree).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub canonical_url: Option<String>,
    pub time_element: Option<String>,
    pub first_heading: Option<String>,
}

/// An article read from one HTML page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// The body paragraphs, separated by blank lines.
    pub body: String,
}

/// Reads the main text and metadata of an HTML page. `page_url` is where the
/// page came from (a WARC target URI, a feed link), used when the page names
/// no canonical URL.
pub fn extract_article(html: &str, page_url: Option<&str>) -> Result<Article, String> {
    let dom = dom_query::Document::from(html);
    let meta = read_page_meta(&dom);
    remove_page_furniture(&dom);
    let base = page_url.filter(|u| is_absolute_http_url(u));
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let mut readability = Readability::with_document(dom, base, Some(config)).map_err(|e| format!("cannot read the page: {e}"))?;
    let parsed = readability.parse().map_err(|e| format!("no article text found: {e}"))?;
    let body = tidy_paragraphs(&parsed.text_content, CALLS_TO_ACTION);
    if body.is_empty() {
        return Err("no article text found".to_string());
    }
    let url = meta.canonical_url.clone().or_else(|| parsed.url.clone()).or_else(|| page_url.map(str::to_string));
    let date = parsed
        .published_time
        .as_deref()
        .and_then(date_of_timestamp)
        .or_else(|| meta.time_element.as_deref().and_then(date_of_timestamp))
        .or_else(|| url.as_deref().and_then(date_in_url))
        .or_else(|| page_url.and_then(date_in_url));
    let outlet = url.as_deref().and_then(host_of).or_else(|| parsed.site_name.clone());
    let title = clean_title(&parsed.title, meta.first_heading.as_deref());
    Ok(Article { title, date, url, outlet, body })
}

/// Turns an extracted article into a document whose text is the title as a
/// headline unit, then the body.
pub fn article_document(id: String, article: Article) -> Document {
    let text = match &article.title {
        Some(title) if !article.body.starts_with(title.as_str()) => format!("{title}\n\n{}", article.body),
        _ => article.body,
    };
    Document { id, date: article.date, url: article.url, source: article.outlet, title: article.title, text, origin: None }
}

/// The page's headline: its first `<h1>` when the document title contains
/// it (document titles carry the outlet's name: "Talks halted | Daily") or
/// when there is no document title, else the document title.
fn clean_title(document_title: &str, first_heading: Option<&str>) -> Option<String> {
    let document_title = document_title.trim();
    match first_heading {
        Some(h) if !h.is_empty() && (document_title.is_empty() || document_title.contains(h)) => Some(h.to_string()),
        _ => Some(document_title.to_string()).filter(|t| !t.is_empty()),
    }
}

/// The canonical link and the first `<time datetime>` of the page.
pub fn read_page_meta(dom: &dom_query::Document) -> PageMeta {
    let canonical_url = dom
        .select("link[rel=canonical]")
        .attr("href")
        .or_else(|| dom.select("meta[property='og:url']").attr("content"))
        .map(|u| u.trim().to_string())
        .filter(|u| is_absolute_http_url(u));
    let time_element = dom.select("time[datetime]").attr("datetime").map(|t| t.trim().to_string());
    let first_heading = dom.select("h1").nodes().first().map(|h| h.text().split_whitespace().collect::<Vec<_>>().join(" "));
    PageMeta { canonical_url, time_element, first_heading }
}

/// Parts of a news page that are never the story: Readability scores text
/// density and keeps what sits inside the article element, which includes
/// picture captions (glued to the next paragraph), share bars and inline
/// "read more" boxes. Matched by element and by the class and id names
/// sites give them.
const FURNITURE: &str = "figure, figcaption, aside, nav, footer, form, button, \
    [class*=cookie], [id*=cookie], [class*=consent], [class*=newsletter], [class*=paywall], \
    [class*=share], [class*=social], [class*=comment], [id*=comment], [class*=related], \
    [class*=read-more], [class*=readmore], [class*=promo], [class*=advert], [class*=teaser], \
    [class*=ticker], [class*=trending], [class*=most-read], [class*=breadcrumb], [class*=byline]";

/// Paragraph openings that mark a line addressed to the reader, not news.
const CALLS_TO_ACTION: &[&str] =
    &["Read more:", "Read also:", "See also:", "Related:", "Follow us on", "Sign up for", "Subscribe to", "Click here", "Watch:"];

fn remove_page_furniture(dom: &dom_query::Document) {
    dom.select(FURNITURE).remove();
}

/// Blank-line separated paragraphs with the whitespace inside each
/// paragraph collapsed (formatted mode keeps the markup's indentation and
/// line breaks), without calls to action.
fn tidy_paragraphs(text: &str, calls_to_action: &[&str]) -> String {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.retain(|p| !calls_to_action.iter().any(|c| p.starts_with(c)));
    paragraphs.join("\n\n")
}

/// The day of an ISO 8601 timestamp or date (`2025-09-12T08:30:00+02:00`,
/// `2025-09-12`); the local calendar day the outlet wrote, not UTC.
pub fn date_of_timestamp(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// A date written into a URL path, as news sites do: `/2025/09/12/`,
/// `/2025-09-12/` or `/20250912/`.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let segments: Vec<&str> = path.split(['/', '?', '#']).collect();
    for window in segments.windows(3) {
        if let [y, m, d] = window {
            if y.len() == 4 && m.len() <= 2 && d.len() <= 2 {
                if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    segments.iter().find_map(|s| {
        let digits = s.get(..10).filter(|p| p.as_bytes()[4] == b'-').map_or_else(|| s.get(..8), Some)?;
        NaiveDate::parse_from_str(digits, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(digits, "%Y%m%d")).ok()
    })
}

/// The outlet of a URL: its host without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host).to_ascii_lowercase();
    Some(host).filter(|h| !h.is_empty())
}

fn is_absolute_http_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    const BODY: &str = "<p>The foreign ministers of both countries met in Geneva on Tuesday to discuss the border dispute that has strained relations for a decade.</p>\
        <p>Officials said the talks would continue next month, and that a joint commission would map the disputed river crossings before then.</p>\
        <p>Neither side commented on reports that troops had been pulled back from the frontier during the week before the meeting.</p>";

    fn page(head: &str, before_body: &str) -> String {
        format!("<html><head><title>Ministers meet in Geneva</title>{head}</head><body><nav><a href='/'>Home</a></nav>{before_body}<article><h1>Ministers meet in Geneva</h1>{BODY}</article></body></html>")
    }

    #[test]
    fn date_from_published_time_meta() {
        let html = page("<meta property='article:published_time' content='2025-09-12T08:30:00+02:00'>", "");
        assert_eq!(extract_article(&html, None).unwrap().date, day(2025, 9, 12));
    }

    #[test]
    fn date_from_json_ld() {
        let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ministers meet in Geneva","datePublished":"2025-03-04T10:00:00Z"}</script>"#;
        assert_eq!(extract_article(&page(ld, ""), None).unwrap().date, day(2025, 3, 4));
    }

    #[test]
    fn date_from_time_element() {
        let html = page("", "<time datetime='2024-11-30'>30 November</time>");
        assert_eq!(extract_article(&html, None).unwrap().date, day(2024, 11, 30));
    }

    #[test]
    fn date_from_url() {
        assert_eq!(date_in_url("https://news.example/world/2025/09/12/talks-halted"), day(2025, 9, 12));
        assert_eq!(date_in_url("https://news.example/2025-01-02-ceasefire"), day(2025, 1, 2));
        assert_eq!(date_in_url("https://news.example/a/20240229/story"), day(2024, 2, 29));
        assert_eq!(date_in_url("https://news.example/world/story-1234"), None);
        let html = page("", "");
        assert_eq!(extract_article(&html, Some("https://news.example/2023/07/01/x")).unwrap().date, day(2023, 7, 1));
    }

    #[test]
    fn canonical_url_and_outlet() {
        let html = page("<link rel='canonical' href='https://www.daily.example/world/geneva-talks'>", "");
        let article = extract_article(&html, Some("https://mirror.example/copy")).unwrap();
        assert_eq!(article.url.as_deref(), Some("https://www.daily.example/world/geneva-talks"));
        assert_eq!(article.outlet.as_deref(), Some("daily.example"));
    }

    #[test]
    fn paragraphs_are_kept_apart_and_title_leads() {
        let article = extract_article(&page("", ""), None).unwrap();
        assert_eq!(article.body.split("\n\n").count(), 3, "{}", article.body);
        let doc = article_document("d".into(), article);
        assert!(doc.text.starts_with("Ministers meet in Geneva\n\nThe foreign ministers"), "{}", doc.text);
    }

    #[test]
    fn captions_and_calls_to_action_are_dropped() {
        let html = page("", "").replace(
            "<h1>Ministers meet in Geneva</h1>",
            "<h1>Ministers meet in Geneva</h1><figure><img src='a.jpg'><figcaption>A harbour at dusk.</figcaption></figure><p class='share-bar'>Share this story</p><p>Follow us on every platform.</p>",
        );
        let body = extract_article(&html, None).unwrap().body;
        assert!(body.starts_with("The foreign ministers"), "{body}");
        assert!(!body.contains("Follow us") && !body.contains("harbour") && !body.contains("Share"), "{body}");
    }

    #[test]
    fn paragraph_lines_are_joined() {
        assert_eq!(
            tidy_paragraphs("  One\n  line.\n\n\nTwo.\nRead more: x\n\nRead more: y", &["Read more:"]),
            "One line.\n\nTwo. Read more: x"
        );
    }

    #[test]
    fn title_without_outlet_suffix() {
        assert_eq!(clean_title("Talks halted | Daily", Some("Talks halted")).as_deref(), Some("Talks halted"));
        assert_eq!(clean_title("Talks halted", Some("Live updates")).as_deref(), Some("Talks halted"));
        assert_eq!(clean_title(" ", None), None);
        assert_eq!(clean_title("", Some("Strike")).as_deref(), Some("Strike"));
    }

    #[test]
    fn host_without_www_port_or_user() {
        assert_eq!(host_of("https://www.Example.org:8443/a").as_deref(), Some("example.org"));
        assert_eq!(host_of("http://user@news.example/a").as_deref(), Some("news.example"));
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(extract_article("", None).is_err());
        assert!(extract_article("<html><body>  </body></html>", None).is_err());
    }
}
