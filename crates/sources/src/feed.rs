//! RSS 2.0 and Atom feeds (feed-rs): every item is a document made of its
//! title and summary, and names the page a fetcher may read in its place.

use chrono::NaiveDate;
use dyad_text::Document;

use crate::html::host_of;

/// One feed item, before any fetching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's link when it has one, else its guid or Atom id.
    pub id: String,
    pub link: Option<String>,
    pub title: Option<String>,
    /// The summary (or the content, when the item has no summary) as plain
    /// text.
    pub summary: String,
    pub date: Option<NaiveDate>,
}

impl FeedItem {
    /// The item as a document of its own: the title as a headline unit,
    /// then the summary.
    pub fn into_document(self) -> Document {
        let text = match &self.title {
            Some(title) if !self.summary.is_empty() => format!("{title}\n\n{}", self.summary),
            Some(title) => title.clone(),
            None => self.summary.clone(),
        };
        let source = self.link.as_deref().and_then(host_of);
        Document { id: self.id, date: self.date, url: self.link, source, title: self.title, text, origin: None }
    }
}

/// Reads the items of an RSS or Atom feed.
pub fn read_feed(bytes: &[u8]) -> Result<Vec<FeedItem>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    Ok(feed.entries.into_iter().map(item_of_entry).filter(|item| item.title.is_some() || !item.summary.is_empty()).collect())
}

fn item_of_entry(entry: feed_rs::model::Entry) -> FeedItem {
    let link = entry.links.first().map(|l| l.href.trim().to_string()).filter(|l| !l.is_empty());
    let title = entry.title.map(|t| markup_to_text(&t.content)).filter(|t| !t.is_empty());
    let summary =
        entry.summary.map(|s| s.content).or_else(|| entry.content.and_then(|c| c.body)).map(|s| markup_to_text(&s)).unwrap_or_default();
    let date = entry.published.or(entry.updated).map(|d| d.date_naive());
    let id = link.clone().unwrap_or(entry.id);
    FeedItem { id, link, title, summary, date }
}

/// Feed summaries are often escaped HTML: keep the words, drop the tags.
fn markup_to_text(markup: &str) -> String {
    let text = if markup.contains('<') { dom_query::Document::fragment(markup).text().to_string() } else { markup.to_string() };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>World desk</title><link>https://desk.example/</link>
<item><title>Talks resume in Doha</title><link>https://desk.example/2025/07/19/doha</link><description>&lt;p&gt;Negotiators &lt;b&gt;met again&lt;/b&gt; on Saturday.&lt;/p&gt;</description><pubDate>Sat, 19 Jul 2025 10:00:00 GMT</pubDate><guid>x-1</guid></item>
<item><title>No link here</title><description>Only a summary.</description><guid isPermaLink="false">item-2</guid></item>
<item><description></description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id><updated>2025-03-01T00:00:00Z</updated>
<entry><title>Border reopened</title><id>urn:desk:1</id><link href="https://atom.example/border"/><updated>2025-03-01T09:00:00Z</updated><summary>The crossing reopened.</summary></entry></feed>"#;

    #[test]
    fn rss_items_with_and_without_links() {
        let items = read_feed(RSS.as_bytes()).unwrap();
        assert_eq!(items.len(), 2, "the empty item is dropped");
        assert_eq!(items[0].id, "https://desk.example/2025/07/19/doha");
        assert_eq!(items[0].summary, "Negotiators met again on Saturday.");
        assert_eq!(items[0].date, NaiveDate::from_ymd_opt(2025, 7, 19));
        assert_eq!((items[1].id.as_str(), items[1].link.as_deref()), ("item-2", None));
    }

    #[test]
    fn atom_entry_becomes_a_document() {
        let doc = read_feed(ATOM.as_bytes()).unwrap().remove(0).into_document();
        assert_eq!(doc.text, "Border reopened\n\nThe crossing reopened.");
        assert_eq!(doc.source.as_deref(), Some("atom.example"));
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2025, 3, 1));
    }

    #[test]
    fn not_a_feed_is_an_error() {
        assert!(read_feed(b"<html><body>hello</body></html>").unwrap_err().starts_with("not an RSS or Atom feed"));
        assert!(read_feed(b"\x00\x01").is_err());
    }
}
