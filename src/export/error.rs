//! Why a copy stopped, in words for the person who asked for it.

use axum::http::StatusCode;

/// Why a copy stopped part-way.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The app could not draw a page it should have.
    #[error("the page {0} answered {1}")]
    Page(String, StatusCode),
    /// A link held an address that is not one.
    #[error("the address {0} cannot be asked for: {1}")]
    Address(String, String),
    /// A page could not be read as HTML.
    #[error("a page could not be rewritten: {0}")]
    Html(#[from] lol_html::errors::RewritingError),
    /// A page of the copy could not be drawn.
    #[error("a page could not be drawn: {0}")]
    Template(#[from] askama::Error),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Writing the copy failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
