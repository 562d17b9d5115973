//! The shared layout, rendering, and the pages that belong to no one area:
//! the error page and "not set up yet".

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::assets;
use super::page_cache::shareable;
use super::viewer::Viewer;
use crate::accounts::User;
use crate::error::{AppError, ErrorNotice, message_for};
use crate::store::SiteSettings;

/// What `base.html` needs on every page.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The page's own title, before the site's name.
    pub title: String,
    /// The site's name and tagline.
    pub site: SiteSettings,
    /// The signed-in account, if any, for the navigation.
    pub user: Option<User>,
    /// The path asked for, to mark the current navigation link.
    pub path: String,
    /// The public address, for canonical and OpenGraph URLs.
    pub base_url: String,
    /// Comments waiting for a teacher, for the navigation.
    pub moderation_count: i64,
    /// Description, canonical address, preview image and feeds of this page.
    pub meta: PageMeta,
}

/// What a page tells search engines, link previews and feed readers.
#[derive(Clone, Debug, Default)]
pub struct PageMeta {
    /// A sentence about the page.
    pub description: Option<String>,
    /// The page's one true address, absolute.
    pub canonical: Option<String>,
    /// A preview picture, absolute.
    pub image: Option<String>,
    /// "article" for a post, "website" otherwise.
    pub og_type: &'static str,
    /// Atom feeds about this page: (title, absolute address).
    pub feeds: Vec<(String, String)>,
}

impl Layout {
    /// Adds a description (a post's opening words, say).
    pub fn described(mut self, description: impl Into<String>) -> Layout {
        self.meta.description = Some(description.into());
        self
    }

    /// Sets the canonical address from a site path.
    pub fn canonical(mut self, path: &str) -> Layout {
        self.meta.canonical = Some(self.absolute(path));
        self
    }

    /// Sets the preview picture from a site path.
    pub fn image(mut self, path: &str) -> Layout {
        self.meta.image = Some(self.absolute(path));
        self
    }

    /// Marks the page as an article (a post).
    pub fn article(mut self) -> Layout {
        self.meta.og_type = "article";
        self
    }

    /// Advertises one more Atom feed.
    pub fn feed(mut self, title: impl Into<String>, path: &str) -> Layout {
        if self.site.public {
            let url = self.absolute(path);
            self.meta.feeds.push((title.into(), url));
        }
        self
    }

    /// An absolute URL for a site path.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// The description for the head: the page's own, or the site's tagline.
    pub fn description(&self) -> &str {
        self.meta
            .description
            .as_deref()
            .unwrap_or(&self.site.tagline)
    }

    /// Whether the navigation link to `section` is the current page.
    pub fn is_current(&self, section: &str) -> bool {
        if section == "/" {
            self.path == "/"
        } else {
            self.path == section || self.path.starts_with(&format!("{section}/"))
        }
    }

    /// Whether the viewer is a teacher.
    pub fn is_teacher(&self) -> bool {
        self.user.as_ref().is_some_and(User::is_teacher)
    }

    /// The stylesheet's versioned URL.
    pub fn stylesheet_url(&self) -> String {
        assets::url("style.css")
    }

    /// The script's versioned URL (enhancements only; every page works without it).
    pub fn script_url(&self) -> String {
        assets::url("quire.js")
    }

    /// The icon's versioned URL.
    pub fn icon_url(&self) -> String {
        assets::url("icon.svg")
    }
}

/// Renders a page as a 200 HTML response.
pub fn render(page: &impl Template) -> Result<Response, AppError> {
    Ok(Html(page.render()?).into_response())
}

/// Renders a reader's page that anyone not signed in may be given from memory
/// (see `page_cache`).
pub fn render_shared(page: &impl Template) -> Result<Response, AppError> {
    render(page).map(shareable)
}

/// Renders a page with another status (422 for a form with errors, say).
pub fn render_status(status: StatusCode, page: &impl Template) -> Result<Response, AppError> {
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    message: &'static str,
}

/// Gives any error response that is not already a page the site's error page,
/// in the viewer's own layout: handler errors, extractor rejections, the
/// cross-origin guard's 403, the body limit's 413, the timeout's 408.
pub fn draw_error_page(response: Response, viewer: &Viewer) -> Response {
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    if !is_error || is_html(response.headers()) {
        return response;
    }
    let message = response
        .extensions()
        .get::<ErrorNotice>()
        .map_or_else(|| message_for(status), |notice| notice.0);
    if status.is_client_error() && status != StatusCode::NOT_FOUND {
        tracing::warn!(status = status.as_u16(), path = %viewer.path, "request refused");
    }
    let page = ErrorPage {
        layout: viewer.layout(status.canonical_reason().unwrap_or("Error")),
        status: status.as_u16(),
        message,
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match page.render() {
        Ok(html) => {
            let mut page = Html(html).into_response();
            parts.headers.remove(header::CONTENT_TYPE);
            page.headers_mut().extend(parts.headers);
            *page.status_mut() = status;
            page
        }
        Err(error) => {
            tracing::error!(%error, "the error page failed to render");
            (status, message).into_response()
        }
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

#[derive(Template)]
#[template(path = "not_set_up.html")]
struct NotSetUpPage {
    layout: Layout,
}

/// The page every address shows until the first teacher has used the set-up link.
pub fn not_set_up(viewer: &Viewer) -> Result<Response, AppError> {
    let page = NotSetUpPage {
        layout: viewer.layout("Not set up yet"),
    };
    render_status(StatusCode::SERVICE_UNAVAILABLE, &page)
}
