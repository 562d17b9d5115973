//! Rendered pages for readers who are not signed in, kept in memory.
//!
//! A class blog is read far more than it is written, and most readers see the same page:
//! the cache answers them without touching the database. An entry is used only while
//! this instance's content generation ([`crate::store::ContentVersion`]) is the one it
//! was rendered at, and only until the moment its page would change by itself (comments
//! closing after so many days). The generation moves with every change anyone makes to
//! what a page shows, so a reader is never given a comment that is pending or gone, or a
//! post that was taken down. Signed-in readers, forms and anything but a plain `200`
//! are never kept.
//!
//! Each entry carries a strong validator (`ETag`), so a browser coming back gets a `304`,
//! and a gzip copy made the first time a browser asks for one.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use sha2::{Digest, Sha256};

use crate::db::Timestamp;

/// A response header saying whether the page came from memory, for operators and tests.
pub const CACHE_STATUS: HeaderName = HeaderName::from_static("x-quire-cache");

/// The largest page kept; a bigger one is rendered for every reader.
const LARGEST_PAGE: usize = 2 * 1024 * 1024;

/// Set by a handler on a page any reader who is not signed in may be given from memory.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shareable {
    /// When the page changes by itself, if it does.
    pub until: Option<Timestamp>,
}

/// Marks a response as [`Shareable`] for good (until the content changes).
pub fn shareable(mut response: Response) -> Response {
    response.extensions_mut().insert(Shareable::default());
    response
}

/// This instance's kept pages, by path and query.
#[derive(Clone)]
pub struct PageCache {
    pages: Option<Arc<Cache<String, Arc<Entry>, ByBytes>>>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (count, bytes) = self
            .pages
            .as_ref()
            .map_or((0, 0), |pages| (pages.len(), pages.weight()));
        f.debug_struct("PageCache")
            .field("pages", &count)
            .field("bytes", &bytes)
            .finish()
    }
}

impl PageCache {
    /// A cache holding up to `budget_bytes` of pages; 0 keeps nothing.
    pub fn new(budget_bytes: u64) -> PageCache {
        let pages = (budget_bytes > 0).then(|| {
            // quick_cache sizes its tables from this guess; ~16 KB is a typical post page.
            let estimated_pages = usize::try_from(budget_bytes / 16_384).unwrap_or(1024);
            Arc::new(Cache::with_weighter(
                estimated_pages.max(16),
                budget_bytes,
                ByBytes,
            ))
        });
        PageCache { pages }
    }
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Arc<Entry>> for ByBytes {
    fn weight(&self, key: &String, entry: &Arc<Entry>) -> u64 {
        // The gzip copy is made later; a third of the page is what it usually weighs.
        let bytes = key.len() + entry.body.len() + entry.body.len() / 3;
        u64::try_from(bytes).unwrap_or(u64::MAX)
    }
}

/// One kept page.
struct Entry {
    generation: u64,
    until: Option<Timestamp>,
    /// The page's headers with `ETag` and `Vary`, as every answer but a `304` has them.
    headers: HeaderMap,
    etag: HeaderValue,
    body: Bytes,
    gzipped: OnceLock<Option<Bytes>>,
}

impl Entry {
    fn is_current(&self, generation: u64, now: Timestamp) -> bool {
        self.generation == generation && self.until.is_none_or(|until| now < until)
    }

    fn respond(&self, request_headers: &HeaderMap, status: &'static str) -> Response {
        if etag_matches(request_headers, &self.etag) {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            let headers = response.headers_mut();
            headers.insert(header::ETAG, self.etag.clone());
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            headers.insert(CACHE_STATUS, HeaderValue::from_static(status));
            return response;
        }
        let gzipped = accepts_gzip(request_headers)
            .then(|| self.gzipped.get_or_init(|| gzip(&self.body)).clone())
            .flatten();
        let zipped = gzipped.is_some();
        let mut response = Response::new(Body::from(gzipped.unwrap_or_else(|| self.body.clone())));
        // The kept headers (the page's, `ETag`, `Vary`) copied whole, not one by one.
        *response.headers_mut() = self.headers.clone();
        let headers = response.headers_mut();
        if zipped {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        headers.insert(CACHE_STATUS, HeaderValue::from_static(status));
        response
    }
}

impl PageCache {
    /// Answers from memory when the page kept for this address is current at
    /// `generation`; otherwise runs `next` and keeps what it renders, if it may be kept.
    /// The caller decides who may be answered from memory at all.
    pub async fn serve(&self, generation: u64, request: Request, next: Next) -> Response {
        let Some(pages) = self.pages.clone() else {
            return next.run(request).await;
        };
        if let Some(response) = self.kept(generation, &request) {
            return response;
        }
        let key = key_of(&request).to_owned();
        let request_headers = request.headers().clone();
        let response = next.run(request).await;
        keep(&pages, key, generation, &request_headers, response).await
    }

    /// The answer from memory to `request`, if the page kept for its address is current
    /// at `generation`. The caller decides who may be answered from memory at all.
    pub fn kept(&self, generation: u64, request: &Request) -> Option<Response> {
        let entry = self.pages.as_ref()?.get(key_of(request))?;
        entry
            .is_current(generation, Timestamp::now())
            .then(|| entry.respond(request.headers(), "hit"))
    }
}

/// A page is kept by its path and query.
fn key_of(request: &Request) -> &str {
    let uri = request.uri();
    uri.path_and_query()
        .map_or_else(|| uri.path(), |p| p.as_str())
}

/// Keeps a freshly rendered page if it may be kept (marked [`Shareable`], a plain `200`
/// without a cookie, of known and modest length), and answers with it.
async fn keep(
    pages: &Cache<String, Arc<Entry>, ByBytes>,
    key: String,
    generation: u64,
    request_headers: &HeaderMap,
    response: Response,
) -> Response {
    let Some(&Shareable { until }) = response.extensions().get::<Shareable>() else {
        return response;
    };
    // A rendered page knows its length; one of unknown or outsize length goes out as it
    // is, unkept.
    let small = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|bytes| u64::try_from(LARGEST_PAGE).is_ok_and(|largest| bytes <= largest));
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || !small
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Set again for whichever body (plain or gzip) each reader gets.
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = match to_bytes(body, LARGEST_PAGE).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, path = %key, "a rendered page could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let etag = etag_for(&body);
    let mut headers = parts.headers;
    headers.insert(header::ETAG, etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let entry = Arc::new(Entry {
        generation,
        until,
        etag,
        headers,
        body,
        gzipped: OnceLock::new(),
    });
    let response = entry.respond(request_headers, "miss");
    pages.insert(key, entry);
    response
}

fn etag_for(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let tag = format!("\"{}\"", hex::encode(&digest[..12]));
    HeaderValue::try_from(tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// `If-None-Match` names this entity (or any, `*`).
fn etag_matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let wanted = etag.as_bytes();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == wanted)
}

/// Whether a kept page's answer to these request headers is what the compression
/// layer lets through unchanged: plain when no encoding is asked for, gzip (made here)
/// when gzip is taken. For any other (`br` alone, say) the layer would compress it.
pub fn encodes_itself(headers: &HeaderMap) -> bool {
    !headers.contains_key(header::ACCEPT_ENCODING) || accepts_gzip(headers)
}

/// The browser takes gzip (and has not refused it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::default(),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: HeaderName, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        let accepts = |value| accepts_gzip(&headers(header::ACCEPT_ENCODING, value));
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("br"));
        assert!(!accepts("identity"));
    }

    #[test]
    fn if_none_match_matches_the_tag_strong_or_weak_or_any() {
        let etag = etag_for(b"<p>hello</p>");
        let tag = etag.to_str().expect("ascii").to_owned();
        let matches = |value: String| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::IF_NONE_MATCH,
                HeaderValue::try_from(value).expect("a header value"),
            );
            etag_matches(&headers, &etag)
        };
        assert!(matches(tag.clone()));
        assert!(matches(format!("\"other\", W/{tag}")));
        assert!(matches("*".to_owned()));
        assert!(!matches("\"other\"".to_owned()));
        assert!(!etag_matches(&HeaderMap::new(), &etag));
    }

    #[test]
    fn an_entry_is_current_only_at_its_generation_and_before_its_end() {
        let now = Timestamp::now();
        let entry = Entry {
            generation: 7,
            until: Some(now + time::Duration::minutes(1)),
            headers: HeaderMap::new(),
            etag: etag_for(b""),
            body: Bytes::new(),
            gzipped: OnceLock::new(),
        };
        assert!(entry.is_current(7, now));
        assert!(!entry.is_current(8, now));
        assert!(!entry.is_current(7, now + time::Duration::minutes(2)));
    }

    #[test]
    fn the_gzip_copy_unpacks_to_the_page() {
        use std::io::Read;
        let page = "<p>a class blog</p>".repeat(100);
        let packed = gzip(page.as_bytes()).expect("gzip");
        assert!(packed.len() < page.len());
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut unpacked)
            .expect("valid gzip");
        assert_eq!(unpacked, page);
    }
}
