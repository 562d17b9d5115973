//! The archive: every month with posts, and a month's posts.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::PageQuery;
use super::lists::list_page;
use crate::dates::month_name;
use crate::error::AppError;
use crate::posts::PAGE_SIZE;
use crate::store::Scope;
use crate::web::layout::{Layout, render_shared};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::archive::{ArchiveYear, archive_years};

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    layout: Layout,
    years: Vec<ArchiveYear>,
}

/// `GET /archive`
pub async fn archive(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    render_shared(&ArchivePage {
        layout: viewer.layout("Blog archive").canonical("/archive"),
        years: archive_years(&state.sidebar.get(&state.store).await?.archive),
    })
}

/// `GET /archive/{year}/{month}`
pub async fn archive_month(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, month)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let key = format!("{year}-{month}");
    let well_formed = year.len() == 4 && month.len() == 2;
    let name = month_name(&key)
        .filter(|_| well_formed)
        .ok_or(AppError::NotFound)?;
    let page = state
        .store
        .post_page(Scope::Month(&key), query.cursor()?, PAGE_SIZE)
        .await?;
    let list = list_page(
        &viewer,
        &format!("/archive/{year}/{month}"),
        format!("Posts from {name}"),
        &page,
    );
    render_shared(&list)
}
