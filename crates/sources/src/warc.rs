//! WARC and WARC.gz archives (the Common Crawl News format): every HTML
//! response record is a document with its target URI and date. Records
//! are read one at a time, so memory does not grow with the archive.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use dyad_text::{Document, InputError};
use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcReader};

use crate::html::{article_document, extract_article};

/// The documents of a WARC file, or of a gzipped one (one gzip member per
/// record, as Common Crawl writes them, or the whole file in one member).
pub fn read_warc(path: &Path) -> Result<WarcDocuments, InputError> {
    let name = path.display().to_string();
    let mut file = File::open(path).map_err(|e| InputError { path: name.clone(), line: None, message: format!("cannot read: {e}") })?;
    let mut magic = [0u8; 2];
    let gzipped = file.read(&mut magic).is_ok_and(|n| n == 2 && magic == [0x1f, 0x8b]);
    let file = File::open(path).map_err(|e| InputError { path: name.clone(), line: None, message: format!("cannot read: {e}") })?;
    let reader: Box<dyn BufRead + Send> = if gzipped {
        let decoder = libflate::gzip::MultiDecoder::new(BufReader::new(file)).map_err(|e| InputError {
            path: name.clone(),
            line: None,
            message: format!("not a gzip file: {e}"),
        })?;
        Box::new(BufReader::with_capacity(1 << 20, decoder))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    Ok(WarcDocuments { name, records: Box::new(WarcReader::new(reader).iter_records()), index: 0, done: false })
}

/// Iterator over the documents of one archive. A record that is not an
/// HTML response (request, metadata, an image, a redirect) is skipped; an
/// HTML page without article text is an error naming the record; a broken
/// record ends the archive, since the records after it cannot be found.
pub struct WarcDocuments {
    name: String,
    records: Box<dyn Iterator<Item = Result<Record<BufferedBody>, warc::Error>> + Send>,
    index: usize,
    done: bool,
}

impl Iterator for WarcDocuments {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let record = self.records.next()?;
            self.index += 1;
            let error =
                |message: String| InputError { path: self.name.clone(), line: None, message: format!("record {}: {message}", self.index) };
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(error(format!("broken WARC record: {e}"))));
                }
            };
            if let Some(doc) = document_of_record(&record) {
                let origin = format!("{}: record {}", self.name, self.index);
                return Some(doc.map(|doc| Document { origin: Some(origin), ..doc }).map_err(error));
            }
        }
        None
    }
}

/// A response record's page as a document; `None` for a record that holds
/// no HTML page.
fn document_of_record(record: &Record<BufferedBody>) -> Option<Result<Document, String>> {
    if *record.warc_type() != RecordType::Response {
        return None;
    }
    let html = html_payload(record.body())?;
    let uri = record.header(WarcHeader::TargetURI).map(|u| u.trim_matches(['<', '>', ' ']).to_string());
    Some(extract_article(&html, uri.as_deref()).map(|mut article| {
        article.date = article.date.or(Some(record.date().date_naive()));
        let id = uri.clone().unwrap_or_else(|| record.warc_id().to_string());
        let mut doc = article_document(id, article);
        doc.url = doc.url.or(uri);
        doc
    }))
}

/// The body of an HTTP response block when its status is 200 and its
/// content type HTML; invalid UTF-8 is replaced rather than refused, since
/// archived pages in legacy encodings still carry readable text.
fn html_payload(block: &[u8]) -> Option<String> {
    let (head_len, body_start) = find_head_end(block)?;
    let head = std::str::from_utf8(&block[..head_len]).ok()?;
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?;
    if status != "200" {
        return None;
    }
    let is_html = lines.filter_map(|l| l.split_once(':')).any(|(k, v)| {
        k.trim().eq_ignore_ascii_case("content-type") && {
            let v = v.trim().to_ascii_lowercase();
            v.starts_with("text/html") || v.starts_with("application/xhtml")
        }
    });
    is_html.then(|| String::from_utf8_lossy(&block[body_start..]).into_owned())
}

fn find_head_end(block: &[u8]) -> Option<(usize, usize)> {
    if let Some(i) = block.windows(4).position(|w| w == b"\r\n\r\n") {
        return Some((i, i + 4));
    }
    block.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2))
}

/// Writes one response record holding an HTML page, as a crawler would;
/// used to build test and benchmark archives.
pub fn write_response_record(out: &mut impl Write, uri: &str, date: DateTime<Utc>, html: &str) -> std::io::Result<()> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
    write!(
        out,
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{:032x}>\r\nWARC-Date: {}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        fnv(uri.as_bytes()),
        date.format("%Y-%m-%dT%H:%M:%SZ"),
        block.len()
    )?;
    out.write_all(block.as_bytes())?;
    out.write_all(b"\r\n\r\n")
}

/// A stable record id derived from the URI (FNV-1a, widened).
fn fnv(bytes: &[u8]) -> u128 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    (u128::from(h) << 64) | u128::from(h.rotate_left(29))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>Port strike</title></head><body><article><h1>Port strike</h1>\
        <p>Dockworkers walked out at the main container port on Friday after talks on pay broke down late on Thursday night.</p>\
        <p>The operator said that no ships had been loaded since dawn and that more than twenty vessels were waiting to berth.</p></article></body></html>";

    fn date() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-05-09T12:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn archive(gzip_each: bool) -> Vec<u8> {
        let mut records: Vec<Vec<u8>> = Vec::new();
        let mut rec = Vec::new();
        write!(rec, "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2025-05-09T12:00:00Z\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n").unwrap();
        records.push(rec);
        let mut rec = Vec::new();
        write_response_record(&mut rec, "https://port.example/strike", date(), PAGE).unwrap();
        records.push(rec);
        let mut rec = Vec::new();
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        write!(rec, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:3>\r\nWARC-Date: 2025-05-09T12:00:00Z\r\nWARC-Target-URI: https://port.example/a.png\r\nContent-Length: {}\r\n\r\n{image}\r\n\r\n", image.len()).unwrap();
        records.push(rec);
        if !gzip_each {
            return records.concat();
        }
        records
            .iter()
            .flat_map(|r| {
                let mut enc = libflate::gzip::Encoder::new(Vec::new()).unwrap();
                enc.write_all(r).unwrap();
                enc.finish().into_result().unwrap()
            })
            .collect()
    }

    fn read_bytes(bytes: &[u8], name: &str) -> Vec<Result<Document, InputError>> {
        let dir = std::env::temp_dir().join(format!("dyad-warc-test-{}-{name}", std::process::id()));
        std::fs::write(&dir, bytes).unwrap();
        let docs = read_warc(&dir).unwrap().collect();
        std::fs::remove_file(&dir).unwrap();
        docs
    }

    #[test]
    fn html_responses_become_documents() {
        for (gzip, name) in [(false, "plain.warc"), (true, "each.warc.gz")] {
            let docs = read_bytes(&archive(gzip), name);
            assert_eq!(docs.len(), 1, "{name}: only the HTML response is a document");
            let doc = docs[0].as_ref().unwrap();
            assert_eq!(doc.id, "https://port.example/strike");
            assert_eq!(doc.source.as_deref(), Some("port.example"));
            assert_eq!(doc.date, Some(date().date_naive()), "the WARC date when the page has none");
            assert!(doc.text.starts_with("Port strike\n\nDockworkers walked out"), "{}", doc.text);
        }
    }

    #[test]
    fn a_broken_record_is_named_and_ends_the_archive() {
        let mut bytes = archive(false);
        bytes.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort");
        let docs = read_bytes(&bytes, "broken.warc");
        assert_eq!(docs.len(), 2);
        let err = docs[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("broken.warc: record 4: broken WARC record"), "{err}");
    }

    #[test]
    fn payload_needs_status_200_and_html() {
        assert_eq!(html_payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>").as_deref(), Some("<p>x</p>"));
        assert_eq!(html_payload(b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<p>x</p>"), None);
        assert_eq!(html_payload(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}"), None);
        assert_eq!(html_payload(b"no head at all"), None);
    }

    #[test]
    fn missing_file_is_named() {
        let err = read_warc(Path::new("/nonexistent/x.warc")).err().unwrap();
        assert!(err.to_string().starts_with("/nonexistent/x.warc: cannot read"));
    }
}
