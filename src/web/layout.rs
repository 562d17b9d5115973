//! The shared layout every page extends (`base.html`) and the render helpers.
//!
//! `Viewer::layout` lives here, not in `viewer`, so that the viewer imports nothing of
//! the pages drawn for it.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::assets;
use super::page_cache::shareable;
use super::viewer::Viewer;
use crate::accounts::User;
use crate::error::AppError;
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
    /// Comments and posts waiting for a teacher, for the navigation.
    pub moderation_count: i64,
    /// The member's unread events, for the navigation.
    pub unread_count: i64,
    /// Description, canonical address, preview image and feeds of this page.
    pub meta: PageMeta,
    /// Drawn for a static copy: no sign-in link, search box or script.
    pub exported: bool,
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

impl Viewer {
    /// The shared layout for a page with this title, advertising the site's feed.
    pub fn layout(&self, title: impl Into<String>) -> Layout {
        let site_title = self.site.title.clone();
        Layout {
            title: title.into(),
            site: self.site.clone(),
            user: self.user.clone(),
            path: self.path.clone(),
            base_url: self.base_url.clone(),
            moderation_count: self.moderation_count,
            unread_count: self.unread_count,
            exported: self.exported,
            meta: PageMeta {
                og_type: "website",
                ..PageMeta::default()
            },
        }
        .feed(site_title, "/feed.xml")
    }
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

    /// Any static file's versioned URL (the Write page's editor files, say).
    pub fn asset_url(&self, name: &str) -> String {
        assets::url(name)
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
