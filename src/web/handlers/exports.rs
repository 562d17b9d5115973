//! Downloads of static copies: the public blog for the school's archive (a teacher's,
//! on Settings → Backups), and a member's own published work (on Account, and per
//! student on Class). The copies are drawn in `crate::export`.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use tokio::io::AsyncWriteExt;

use crate::accounts::User;
use crate::error::AppError;
use crate::export::{self, ExportError, Scope, Site};
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Teacher};
use crate::web::zip_download::{today, zip_download};

/// `POST /settings/backups/site`: the public blog as pages that open from a folder.
pub async fn download_site(Extension(site): Extension<Site>, _teacher: Teacher) -> Response {
    copy_as_zip(site, Scope::Site, format!("class-blog-{}", today()))
}

/// `POST /account/work`: the signed-in member's published posts.
pub async fn download_my_work(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    work_of(&state, site, &signed_in.user).await
}

/// `POST /class/students/{id}/work`: a student's published posts, for their teacher.
pub async fn download_student_work(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    _teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let student = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    work_of(&state, site, &student).await
}

async fn work_of(state: &AppState, site: Site, author: &User) -> Result<Response, AppError> {
    let scope = export::portfolio_of(&state.store, author).await?;
    let name = format!("{}-work-{}", author.username, today());
    Ok(copy_as_zip(site, scope, name))
}

/// Streams the copy `scope` describes as `name.zip`, its files in the folder `name`.
fn copy_as_zip(site: Site, scope: Scope, name: String) -> Response {
    zip_download(&format!("{name}.zip"), move |pipe| async move {
        let (mut pipe, _) = export::to_zip(&site.0, &scope, &name, pipe).await?;
        pipe.shutdown().await?;
        Ok::<_, ExportError>(())
    })
}
