//! The privacy-enhanced video player, reached only by pressing a video's placeholder.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::posts::markdown::VideoProvider;
use crate::web::layout::{Layout, render};
use crate::web::viewer::Viewer;

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage {
    layout: Layout,
    provider: &'static str,
    player_url: String,
    watch_url: String,
}

/// `GET /embed/{provider}/{id}`: the privacy-enhanced player, reached only by a
/// person pressing a video's placeholder (so it works without JavaScript).
pub async fn embed_video(
    viewer: Viewer,
    Path((provider, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let provider = VideoProvider::from_slug(&provider).ok_or(AppError::NotFound)?;
    if !provider.is_valid_id(&id) {
        return Err(AppError::NotFound);
    }
    let page = EmbedPage {
        layout: viewer.layout(format!("{} video", provider.name())),
        provider: provider.name(),
        player_url: provider.player_url(&id),
        watch_url: provider.watch_url(&id),
    };
    let mut response = render(&page)?;
    response.headers_mut().insert(
        "x-robots-tag",
        axum::http::HeaderValue::from_static("noindex"),
    );
    Ok((StatusCode::OK, response).into_response())
}
