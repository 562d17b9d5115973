//! Atom feeds (the whole site, an author, a label), the sitemap and robots.txt.
//! On a class-only site there are no feeds and no sitemap, and robots stay out.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::dates::rfc3339;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::Post;
use crate::store::Scope;
use crate::web::handlers::reading::lists::label_at;
use crate::web::page_cache::shareable;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Entries in a feed.
const FEED_LENGTH: i64 = 20;

struct Entry {
    title: String,
    url: String,
    published: String,
    updated: String,
    author: String,
    summary: String,
    /// Escaped by the template, as Atom's `type="html"` wants.
    content: String,
    labels: Vec<String>,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    title: String,
    subtitle: String,
    self_url: String,
    page_url: String,
    updated: String,
    entries: Vec<Entry>,
}

/// Relative addresses in a post's HTML made absolute, since a feed is read elsewhere.
fn absolutize(html: &str, base: &str) -> String {
    html.replace("src=\"/", &format!("src=\"{base}/"))
        .replace("href=\"/", &format!("href=\"{base}/"))
}

fn feed_response(
    viewer: &Viewer,
    title: String,
    path: &str,
    page_path: &str,
    posts: Vec<Post>,
) -> Result<Response, AppError> {
    let base = viewer.base_url.trim_end_matches('/').to_owned();
    let entries: Vec<Entry> = posts
        .into_iter()
        .map(|post| {
            let published = post.published_at.unwrap_or(post.created_at);
            Entry {
                url: format!("{base}{}", post.path()),
                published: rfc3339(published),
                updated: rfc3339(post.edited_at.unwrap_or(published)),
                author: feed_author(&post.author),
                summary: post.excerpt.clone(),
                content: absolutize(post.body_html.as_str(), &base),
                labels: post.labels.clone(),
                title: post.title,
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| rfc3339(Timestamp::now()));
    let feed = Feed {
        title,
        subtitle: viewer.site.tagline.clone(),
        self_url: format!("{base}{path}"),
        page_url: format!("{base}{page_path}"),
        updated,
        entries,
    };
    Ok(shareable(
        (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            feed.render()?,
        )
            .into_response(),
    ))
}

fn require_public(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.site.public {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// `GET /feed.xml`
pub async fn site_feed(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    require_public(&viewer)?;
    let posts = state.store.feed_posts(Scope::All, FEED_LENGTH).await?;
    feed_response(&viewer, viewer.site.title.clone(), "/feed.xml", "/", posts)
}

/// `GET /u/{username}/feed.xml`
pub async fn author_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(username): Path<String>,
) -> Result<Response, AppError> {
    require_public(&viewer)?;
    let author = state
        .store
        .user_by_username(&username)
        .await?
        .ok_or(AppError::NotFound)?;
    let posts = state
        .store
        .feed_posts(Scope::Author(author.id), FEED_LENGTH)
        .await?;
    let page = format!("/u/{}", author.username);
    let title = format!("{}: posts by {}", viewer.site.title, author.display_name);
    feed_response(&viewer, title, &format!("{page}/feed.xml"), &page, posts)
}

/// `GET /labels/{slug}/feed.xml`
pub async fn label_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(label_slug): Path<String>,
) -> Result<Response, AppError> {
    require_public(&viewer)?;
    let label = label_at(&state, &label_slug).await?;
    let posts = state
        .store
        .feed_posts(Scope::Label(label.id), FEED_LENGTH)
        .await?;
    let page = format!("/labels/{}", label.slug);
    let title = format!("{}: posts labelled {}", viewer.site.title, label.name);
    feed_response(&viewer, title, &format!("{page}/feed.xml"), &page, posts)
}

struct SitemapUrl {
    loc: String,
    lastmod: String,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    urls: Vec<SitemapUrl>,
}

/// `GET /sitemap.xml`
pub async fn sitemap(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    require_public(&viewer)?;
    let base = viewer.base_url.trim_end_matches('/');
    let mut urls = vec![SitemapUrl {
        loc: format!("{base}/"),
        lastmod: String::new(),
    }];
    urls.extend(
        state
            .store
            .sitemap_entries()
            .await?
            .into_iter()
            .map(|entry| SitemapUrl {
                loc: format!("{base}/posts/{}", entry.slug),
                lastmod: rfc3339(entry.updated_at),
            }),
    );
    Ok(shareable(
        (
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            Sitemap { urls }.render()?,
        )
            .into_response(),
    ))
}

/// `GET /robots.txt`
pub async fn robots(viewer: Viewer) -> Response {
    let body = if viewer.site.public {
        format!(
            "User-agent: *\nDisallow: /sign-in\nDisallow: /setup/\nDisallow: /embed/\n\nSitemap: {}/sitemap.xml\n",
            viewer.base_url.trim_end_matches('/')
        )
    } else {
        "User-agent: *\nDisallow: /\n".to_owned()
    };
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
/// The author as a feed reader shows it: a teacher's name says so, as the badge does on pages.
fn feed_author(author: &crate::posts::Author) -> String {
    if author.is_teacher {
        format!("{} (Teacher)", author.display_name)
    } else {
        author.display_name.clone()
    }
}
