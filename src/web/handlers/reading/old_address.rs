//! The addresses of a blog imported from Blogger or WordPress: once its domain points
//! here, an old link (`/2014/12/volcanoes.html`, `/?p=12`, `/2014/12/14/volcanoes/`,
//! `/volcanoes/`, Blogger's `?showComment=`) answers 308 to the post, and to the
//! comment's place on it. Any other unknown address is the usual 404.

use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::import::address_keys;
use crate::web::state::AppState;

/// The router's fallback: an imported blog's old address, or not found.
pub async fn old_address_or_not_found(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
) -> Result<Response, AppError> {
    if method != Method::GET && method != Method::HEAD {
        return Err(AppError::NotFound);
    }
    redirect_to_imported(&state, &uri)
        .await?
        .ok_or(AppError::NotFound)
}

/// A 308 to where the old address `uri` now lives, if an import kept it.
pub async fn redirect_to_imported(
    state: &AppState,
    uri: &Uri,
) -> Result<Option<Response>, AppError> {
    for key in address_keys(uri.path(), uri.query()) {
        if let Some(found) = state.store.old_address(&key).await? {
            let anchor = found
                .comment_id
                .map(|id| format!("#comment-{id}"))
                .unwrap_or_default();
            let target = format!("/posts/{}{anchor}", found.slug);
            return Ok(Some(Redirect::permanent(&target).into_response()));
        }
    }
    Ok(None)
}
