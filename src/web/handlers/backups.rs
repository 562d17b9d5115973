//! The teacher's Settings → Backups page: when the last backup was made, and a button
//! that downloads a new one while it is being written.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use tokio::io::AsyncWriteExt;

use crate::backup;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::zip_download::{today, zip_download};

#[derive(Template)]
#[template(path = "backups.html")]
struct BackupsPage {
    layout: Layout,
    last_backup: Option<String>,
}

/// `GET /settings/backups`
pub async fn show_backups(
    State(state): State<AppState>,
    teacher: Teacher,
) -> Result<Response, AppError> {
    let viewer = &teacher.0.viewer;
    let last_backup = state.store.last_backup_at().await?;
    render(&BackupsPage {
        layout: viewer.layout("Backups"),
        last_backup: last_backup.map(|at| viewer.zone().date_and_time(at)),
    })
}

/// `POST /settings/backups/download`: the whole class blog as a zip, sent as it is
/// written. A POST, so the cross-site check stands between another site and a copy of
/// every account; a student gets 403 before anything is read.
pub async fn download_backup(State(state): State<AppState>, _teacher: Teacher) -> Response {
    let store = state.store.clone();
    zip_download(
        &format!("quire-backup-{}.zip", today()),
        move |mut pipe| async move {
            backup::write_backup(&store, &mut pipe).await?;
            pipe.shutdown().await?;
            store.record_backup(Timestamp::now()).await?;
            Ok::<_, backup::BackupError>(())
        },
    )
}
