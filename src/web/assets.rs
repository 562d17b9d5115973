//! Static files from `static/`, built into the binary so quire runs from any folder.
//!
//! Each is linked as `/static/NAME?v=HASH`; the hash changes with the content, so
//! browsers may keep a file for a year and still never see a stale one.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../static/style.css"),
    },
    Asset {
        name: "quire.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/quire.js"),
    },
    // The Write page's editor: quire's own small files, loaded on that page only.
    Asset {
        name: "editor.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/editor.js"),
    },
    Asset {
        name: "pictures.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/pictures.js"),
    },
    Asset {
        name: "autosave.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/autosave.js"),
    },
    Asset {
        name: "editor.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../static/js/editor.css"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../static/icon.svg"),
    },
];

/// Each asset's content hash, computed once.
static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| hex::encode(&Sha256::digest(asset.bytes)[..8]))
        .collect()
});

fn find(name: &str) -> Option<(&'static Asset, &'static str)> {
    let index = ASSETS.iter().position(|asset| asset.name == name)?;
    Some((&ASSETS[index], VERSIONS[index].as_str()))
}

/// The versioned URL of a static file.
pub fn url(name: &str) -> String {
    match find(name) {
        Some((asset, version)) => format!("/static/{}?v={version}", asset.name),
        None => format!("/static/{name}"),
    }
}

/// `GET /static/{name}`: the file, cached for a year, with an ETag for revalidation.
pub async fn serve_asset(
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (asset, version) = find(&name).ok_or(AppError::NotFound)?;
    let etag = format!("\"{version}\"");
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    if not_modified {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag)],
            [(header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::ETAG, etag.as_str()),
        ],
        [(header::CACHE_CONTROL, cache)],
        asset.bytes,
    )
        .into_response())
}
