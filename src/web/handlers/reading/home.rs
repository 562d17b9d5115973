//! `GET /`: the newest posts, with the labels and the archive beside them.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;

use super::PageQuery;
use crate::error::AppError;
use crate::posts::PAGE_SIZE;
use crate::store::{LabelCount, Scope};
use crate::web::layout::{Layout, render_shared};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::archive::{ArchiveYear, archive_years};
use crate::web::views::cards::{Pager, PostCard, cards};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    posts: Vec<PostCard>,
    pager: Pager,
    labels: Vec<LabelCount>,
    archive: Vec<ArchiveYear>,
}

/// `GET /`
pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
    uri: Uri,
) -> Result<Response, AppError> {
    if query.p.is_some()
        && let Some(redirect) = super::old_address::redirect_to_imported(&state, &uri).await?
    {
        return Ok(redirect);
    }
    let page = state
        .store
        .post_page(Scope::All, query.cursor()?, PAGE_SIZE)
        .await?;
    let sidebar = state.sidebar.get(&state.store).await?;
    let labels = sidebar.labels.clone();
    let archive = archive_years(&sidebar.archive);
    let layout = viewer.layout("Home").canonical("/");
    render_shared(&HomePage {
        posts: cards(&page, &viewer.zone()),
        pager: Pager::new("/", &page),
        layout,
        labels,
        archive,
    })
}
