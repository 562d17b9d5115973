//! `AppError`: everything a handler can fail with, and the status each one answers.
//!
//! The details of a server-side failure go to the log; the person sees a short,
//! kind message on the site's error page (drawn by the web layer's `error_pages` middleware).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::password::HashError;

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist, or the viewer may not know it exists.
    #[error("not found")]
    NotFound,
    /// The viewer is signed in but may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The page needs a signed-in viewer; they are sent to sign in and back.
    #[error("sign-in required")]
    SignInRequired {
        /// Where to come back to.
        next: String,
    },
    /// The request body is larger than this address accepts.
    #[error("payload too large")]
    TooLarge,
    /// The request makes no sense (a forged or broken form).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A template failed to render.
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    /// Password hashing failed.
    #[error(transparent)]
    Hash(#[from] HashError),
    /// Every core was busy with other CPU-heavy work for too long.
    #[error(transparent)]
    Busy(#[from] crate::cpu::Busy),
}

/// The message for the error page, carried on the response to the layer that draws it.
#[derive(Clone, Debug)]
pub struct ErrorNotice(pub &'static str);

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Template(_) | AppError::Hash(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::SignInRequired { next } => {
                let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
                let target = format!("/sign-in?next={next}");
                Redirect::to(&target).into_response()
            }
            AppError::BadRequest(reason) => {
                tracing::warn!(reason, "bad request refused");
                notice(StatusCode::BAD_REQUEST, reason)
            }
            AppError::Busy(_) => notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "quire is very busy right now. Go back, wait a moment and try again.",
            ),
            AppError::NotFound | AppError::Forbidden | AppError::TooLarge => {
                let status = self.status_code();
                notice(status, message_for(status))
            }
            AppError::Database(_) | AppError::Template(_) | AppError::Hash(_) => {
                tracing::error!(error = %self, "request failed");
                let status = self.status_code();
                notice(status, message_for(status))
            }
        }
    }
}

/// A bare error response carrying the message its error page will show.
pub fn notice(status: StatusCode, message: &'static str) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(ErrorNotice(message));
    response
}

/// What the error page says for a status when nothing more specific is known.
pub fn message_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Your browser sent something quire could not read. Please go back and try again.",
        403 => "You don't have permission to do that.",
        404 => "There is nothing at this address. It may have moved or been removed.",
        405 => "That page cannot be used like that.",
        408 => "That took too long. Please try again.",
        413 => "That was too large to send. Please make it shorter or smaller and try again.",
        415 | 422 => "The form could not be read. Please go back and try again.",
        429 => "Too many requests. Please wait a moment and try again.",
        503 => "quire is busy or cannot reach its database. Please try again in a moment.",
        _ => {
            "Something went wrong on our side. Please try again; if it keeps happening, tell your teacher."
        }
    }
}
