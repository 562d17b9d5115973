//! A zip download sent while it is being written: a backup, a copy of the blog, a
//! member's work. The writer runs beside the response and fills a small pipe, so memory
//! holds one chunk, and the download starts before the last file is read.

use std::fmt::Display;
use std::future::Future;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::io::DuplexStream;
use tokio::sync::oneshot;
use tokio_util::io::ReaderStream;

/// Bytes in flight between the zip being written and the response being sent.
const PIPE: usize = 256 * 1024;

/// Answers with the zip `write` writes into the pipe it is given (and shuts, when
/// done), offered to the browser as `file_name`.
pub fn zip_download<F, Fut, E>(file_name: &str, write: F) -> Response
where
    F: FnOnce(DuplexStream) -> Fut,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display + Send + 'static,
{
    let (pipe_in, pipe_out) = tokio::io::duplex(PIPE);
    let (finished, outcome) = oneshot::channel();
    let writing = write(pipe_in);
    let name = file_name.to_owned();
    tokio::spawn(async move {
        let written = writing.await;
        if let Err(error) = &written {
            tracing::error!(%error, file = %name, "a download stopped");
        }
        let _ = finished.send(written.is_ok());
    });
    // A zip that stops part-way must not look complete: the body ends in an error, so
    // the connection is cut and the browser reports a failed download.
    let ending = futures_util::stream::once(async move {
        match outcome.await {
            Ok(true) => None,
            _ => Some(Err(std::io::Error::other("the download stopped"))),
        }
    })
    .filter_map(std::future::ready);
    let body = Body::from_stream(ReaderStream::new(pipe_out).chain(ending));
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Today's date, `YYYY-MM-DD`, for a download's name.
pub fn today() -> String {
    let now = crate::db::Timestamp::now().to_string();
    now.get(..10).unwrap_or_default().to_owned()
}
