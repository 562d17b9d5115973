//! Walks the site as a reader would, from the copy's index page along every link the
//! copy holds, rendering each page through the real app and writing it out at once:
//! memory holds one page, and the names of the pages seen and still to draw.

use std::collections::{HashMap, HashSet, VecDeque};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use super::error::ExportError;
use super::output::Output;
use super::paths::{Scope, Target, picture_file, relative};
use super::rewrite::{Link, addresses_in, for_folder};
use super::stub::{missing_page, moved_page};

/// Marks a request the copy makes of the app in-process: it is answered as a reader of
/// a public blog sees the site. Only code can attach it; no HTTP request carries it.
#[derive(Clone, Copy, Debug)]
pub struct Reader;

/// What a copy holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Pages written.
    pub pages: u64,
    /// Pictures and static files written.
    pub files: u64,
    /// Bytes written, before any compression.
    pub bytes: u64,
}

/// Largest answer read into memory: a picture is at most a few megabytes.
const ANSWER_LIMIT: usize = 64 * 1024 * 1024;
/// The host a page's own relative addresses are resolved against.
const HERE: &str = "http://quire.invalid";

/// An answer of the app, read whole.
struct Answer {
    status: StatusCode,
    content_type: String,
    location: Option<String>,
    body: Bytes,
}

/// One walk through the site.
struct Walk<'a, O> {
    site: &'a Router,
    scope: &'a Scope,
    out: &'a mut O,
    /// Site addresses of the pages still to draw.
    queue: VecDeque<(String, String)>,
    /// Files already written or queued.
    seen: HashSet<String>,
    /// Each picture's file, or `None` where the app has no such picture.
    pictures: HashMap<String, Option<String>>,
    summary: Summary,
}

/// Writes the copy `scope` describes of the app `site` to `out`.
pub async fn copy_site<O: Output>(
    site: &Router,
    scope: &Scope,
    out: &mut O,
) -> Result<Summary, ExportError> {
    let mut walk = Walk {
        site,
        scope,
        out,
        queue: VecDeque::new(),
        seen: HashSet::new(),
        pictures: HashMap::new(),
        summary: Summary::default(),
    };
    walk.queue
        .push_back((scope.index_path(), "index.html".to_owned()));
    walk.seen.insert("index.html".to_owned());
    while let Some((path, file)) = walk.queue.pop_front() {
        walk.copy_page(&path, &file).await?;
    }
    Ok(walk.summary)
}

impl<O: Output> Walk<'_, O> {
    async fn copy_page(&mut self, path: &str, file: &str) -> Result<(), ExportError> {
        let answer = get(self.site, path).await?;
        if answer.status.is_server_error() {
            return Err(ExportError::Page(path.to_owned(), answer.status));
        }
        let html = if answer.status.is_redirection() {
            let target = answer
                .location
                .as_deref()
                .and_then(|to| self.page_at(path, to));
            match target {
                Some(to) => moved_page(&relative(file, &to), &relative(file, "static/style.css"))?,
                None => missing_page(
                    &relative(file, "index.html"),
                    &relative(file, "static/style.css"),
                )?,
            }
        } else if answer.status.is_success() && answer.content_type.starts_with("text/html") {
            let page = String::from_utf8_lossy(&answer.body);
            self.follow(path, &page).await?;
            for_folder(&page, |address| self.link(path, file, address))?
        } else {
            missing_page(
                &relative(file, "index.html"),
                &relative(file, "static/style.css"),
            )?
        };
        self.out.put(file, html.as_bytes(), true).await?;
        self.summary.pages += 1;
        self.summary.bytes += html.len() as u64;
        Ok(())
    }

    /// Queues the pages a page links to and copies its pictures and stylesheet, so that
    /// every address it keeps has its file.
    async fn follow(&mut self, path: &str, page: &str) -> Result<(), ExportError> {
        for address in addresses_in(page)? {
            let Some((site_path, query, _)) = on_site(path, &address) else {
                continue;
            };
            match self.scope.locate(&site_path, query.as_deref()) {
                Target::Page { path, file } if self.seen.insert(file.clone()) => {
                    self.queue.push_back((path, file));
                }
                Target::Picture { path } if !self.pictures.contains_key(&path) => {
                    let file = self.copy_file(&path, None).await?;
                    self.pictures.insert(path, file);
                }
                Target::Asset { path, file } if self.seen.insert(file.clone()) => {
                    self.copy_file(&path, Some(file)).await?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Copies a picture or static file; its file, or `None` if the app has none.
    async fn copy_file(
        &mut self,
        path: &str,
        file: Option<String>,
    ) -> Result<Option<String>, ExportError> {
        let answer = get(self.site, path).await?;
        if !answer.status.is_success() {
            return Ok(None);
        }
        let file = file.unwrap_or_else(|| picture_file(path, &answer.content_type));
        let compress = !answer.content_type.starts_with("image/jpeg")
            && !answer.content_type.starts_with("image/png");
        self.out.put(&file, &answer.body, compress).await?;
        self.summary.files += 1;
        self.summary.bytes += answer.body.len() as u64;
        Ok(Some(file))
    }

    /// What `address`, on the page at `path` written to `file`, becomes in the copy.
    fn link(&self, path: &str, file: &str, address: &str) -> Link {
        if address.starts_with('#') {
            return Link::To(address.to_owned());
        }
        let Some((site_path, query, fragment)) = on_site(path, address) else {
            return Link::To(address.to_owned());
        };
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        match self.scope.locate(&site_path, query.as_deref()) {
            Target::Page { file: to, .. } | Target::Asset { file: to, .. } => {
                Link::To(format!("{}{fragment}", relative(file, &to)))
            }
            Target::Picture { path } => match self.pictures.get(&path) {
                Some(Some(to)) => Link::To(relative(file, to)),
                _ => Link::Gone,
            },
            Target::Video(watch) => Link::To(watch),
            Target::Outside => Link::Gone,
        }
    }

    /// The file of the page a redirect from `path` points to, queued to be drawn.
    fn page_at(&mut self, path: &str, location: &str) -> Option<String> {
        let (site_path, query, _) = on_site(path, location)?;
        match self.scope.locate(&site_path, query.as_deref()) {
            Target::Page { path, file } => {
                if self.seen.insert(file.clone()) {
                    self.queue.push_back((path, file.clone()));
                }
                Some(file)
            }
            _ => None,
        }
    }
}

/// The site path, query and fragment `address` names when read on the page at `path`,
/// or `None` for another site's address (or `mailto:` and the like).
fn on_site(path: &str, address: &str) -> Option<(String, Option<String>, Option<String>)> {
    let here = url::Url::parse(HERE).ok()?.join(path).ok()?;
    let url = here.join(address).ok()?;
    (url.origin() == here.origin()).then(|| {
        (
            url.path().to_owned(),
            url.query().map(str::to_owned),
            url.fragment().map(str::to_owned),
        )
    })
}

/// Asks the app for `path` as the copy's reader: signed out, seeing what a reader of a
/// public blog sees.
async fn get(site: &Router, path: &str) -> Result<Answer, ExportError> {
    let request = Request::builder()
        .uri(path)
        .extension(Reader)
        .body(Body::empty())
        .map_err(|error| ExportError::Address(path.to_owned(), error.to_string()))?;
    let response = match site.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
    let location = header_text(header::LOCATION);
    let status = parts.status;
    let body = axum::body::to_bytes(body, ANSWER_LIMIT)
        .await
        .map_err(|error| ExportError::Page(format!("{path}: {error}"), status))?;
    Ok(Answer {
        status,
        content_type,
        location,
        body,
    })
}
