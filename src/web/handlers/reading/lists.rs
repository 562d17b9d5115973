//! Lists of posts: an author's page, a label's page, the labels, and the shared list page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::PageQuery;
use crate::error::AppError;
use crate::posts::{PAGE_SIZE, slug};
use crate::store::{LabelCount, PostPage, Scope};
use crate::web::layout::{Layout, render_shared};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{Pager, PostCard, cards};

#[derive(Template)]
#[template(path = "post_list.html")]
pub struct ListPage {
    layout: Layout,
    heading: String,
    intro: Option<String>,
    posts: Vec<PostCard>,
    pager: Pager,
    empty: &'static str,
    feed: Option<String>,
}

/// A list of posts at `base`, before the caller adds its intro and feed.
pub fn list_page(viewer: &Viewer, base: &str, heading: String, page: &PostPage) -> ListPage {
    ListPage {
        layout: viewer.layout(heading.clone()).canonical(base),
        heading,
        intro: None,
        posts: cards(page, &viewer.zone()),
        pager: Pager::new(base, page),
        empty: "No posts here yet.",
        feed: None,
    }
}

/// `GET /u/{username}`: an author's page, with their bio and posts.
pub async fn author_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let author = state
        .store
        .user_by_username(&username)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = state
        .store
        .post_page(Scope::Author(author.id), query.cursor()?, PAGE_SIZE)
        .await?;
    let base = format!("/u/{}", author.username);
    let feed = format!("{base}/feed.xml");
    let mut list = list_page(&viewer, &base, author.display_name.clone(), &page);
    list.layout = list
        .layout
        .feed(format!("Posts by {}", author.display_name), &feed);
    if !author.bio.is_empty() {
        list.layout = list.layout.described(author.bio.clone());
        list.intro = Some(author.bio);
    }
    list.empty = "No published posts yet.";
    list.feed = viewer.site.public.then_some(feed);
    render_shared(&list)
}

#[derive(Template)]
#[template(path = "labels.html")]
struct LabelsPage {
    layout: Layout,
    labels: Vec<LabelCount>,
}

/// `GET /labels`
pub async fn labels_index(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    render_shared(&LabelsPage {
        layout: viewer.layout("Labels").canonical("/labels"),
        labels: state.sidebar.get(&state.store).await?.labels.clone(),
    })
}

/// The label whose page is at `/labels/{slug}`.
pub async fn label_at(state: &AppState, label_slug: &str) -> Result<LabelCount, AppError> {
    if !slug::is_well_formed(label_slug) {
        return Err(AppError::NotFound);
    }
    state
        .store
        .label_by_slug(label_slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /labels/{slug}`
pub async fn label_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(label_slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let label = label_at(&state, &label_slug).await?;
    let page = state
        .store
        .post_page(Scope::Label(label.id), query.cursor()?, PAGE_SIZE)
        .await?;
    let base = format!("/labels/{}", label.slug);
    let feed = format!("{base}/feed.xml");
    let mut list = list_page(
        &viewer,
        &base,
        format!("Posts labelled {}", label.name),
        &page,
    );
    list.layout = list
        .layout
        .feed(format!("Posts labelled {}", label.name), &feed);
    list.feed = viewer.site.public.then_some(feed);
    render_shared(&list)
}
