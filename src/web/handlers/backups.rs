//! The teacher's Settings → Backups page: when the last backup was made, and a button
//! that downloads a new one while it is being written.

use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::sync::oneshot;
use tokio_util::io::ReaderStream;

use crate::backup;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Bytes in flight between the backup being written and the response being sent.
const PIPE: usize = 256 * 1024;

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
    let (mut pipe_in, pipe_out) = tokio::io::duplex(PIPE);
    let (finished, outcome) = oneshot::channel();
    let store = state.store.clone();
    tokio::spawn(async move {
        let written = match backup::write_backup(&store, &mut pipe_in).await {
            Ok(_) => pipe_in.shutdown().await.map_err(backup::BackupError::from),
            Err(error) => Err(error),
        };
        let recorded = match written {
            Ok(()) => store
                .record_backup(Timestamp::now())
                .await
                .map_err(Into::into),
            Err(error) => Err(error),
        };
        if let Err(error) = &recorded {
            tracing::error!(%error, "a backup download stopped");
        }
        let _ = finished.send(recorded.is_ok());
    });
    // A backup that stops part-way must not look complete: the body ends in an error,
    // so the connection is cut and the browser reports a failed download.
    let ending = futures_util::stream::once(async move {
        match outcome.await {
            Ok(true) => None,
            _ => Some(Err(std::io::Error::other("the backup stopped"))),
        }
    })
    .filter_map(std::future::ready);
    let body = Body::from_stream(ReaderStream::new(pipe_out).chain(ending));
    let day = Timestamp::now().to_string();
    let name = format!("quire-backup-{}.zip", day.get(..10).unwrap_or_default());
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
