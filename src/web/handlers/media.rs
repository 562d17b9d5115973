//! Uploaded pictures, served from the database with long-lived cache headers.
//!
//! An id's bytes never change (a new upload gets a new id), so browsers may keep a
//! picture for a year, and the id itself is the ETag.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::media::is_image_id;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";
/// On a class-only site no shared cache may keep a picture: only the reader's browser.
const CACHE_FOREVER_PRIVATELY: &str = "private, max-age=31536000, immutable";

/// `GET /media/{id}`: the full-size picture.
pub async fn serve_image(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve(&state, &viewer, &id, false, &headers).await
}

/// `GET /media/{id}/small`: the small copy, for lists and slow connections.
pub async fn serve_small_image(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve(&state, &viewer, &id, true, &headers).await
}

async fn serve(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    small: bool,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    if !is_image_id(id) {
        return Err(AppError::NotFound);
    }
    // Looked up even on revalidation, so an id that does not exist is never a 304.
    let image = state
        .store
        .image_data(id, small)
        .await?
        .ok_or(AppError::NotFound)?;
    let etag = format!("\"{id}\"");
    let cache = [(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if viewer.site.public {
            CACHE_FOREVER
        } else {
            CACHE_FOREVER_PRIVATELY
        }),
    )];
    if matches_etag(headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], cache).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, image.content_type),
            (header::ETAG, etag),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
        ],
        cache,
        image.data,
    )
        .into_response())
}

/// Whether `If-None-Match` names this ETag (or is `*`).
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
        })
}
