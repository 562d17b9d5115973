//! Pictures in posts: each upload is decoded, turned upright, scaled down and encoded
//! afresh (which leaves its EXIF and GPS data behind), then kept in the database.
//!
//! Nothing of the uploaded file is stored but its pixels and a cleaned-up name: the
//! format is read from the bytes, never from the name or the browser's claim.
//!
//! `process` decodes, turns and scales (reading the `header` first, within the
//! `memory` budget); this file stores the result and names it.

mod bounds;
mod header;
mod limits;
mod memory;
mod process;
#[cfg(test)]
mod tests;

use rand::Rng;
use rand::distr::Alphanumeric;

use crate::store::{NewImage, Store};

pub use header::Header;
pub use limits::{
    ImageError, MAX_HEIGHT, MAX_PIXELS, MAX_UPLOAD_BYTES, MAX_WIDTH, ProcessedImage, SMALL_HEIGHT,
    SMALL_WIDTH,
};
pub use memory::{DEFAULT_MEMORY_BUDGET_MB, set_memory_budget};
pub use process::{process, process_upload};

/// Characters in an image id: 22 of 62 is about 131 random bits.
const ID_LENGTH: usize = 22;
/// Longest original name kept, in characters; it is only ever shown as text.
const MAX_NAME_CHARS: usize = 120;

/// A stored picture, and how a post refers to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedImage {
    /// The random public id.
    pub id: String,
    /// Where the full-size picture is served: `/media/{id}`.
    pub url: String,
    /// Where the small copy is served: `/media/{id}/small`.
    pub small_url: String,
    /// Markdown to paste into a post, with a reminder to describe the picture.
    pub markdown: String,
}

impl UploadedImage {
    /// The addresses and Markdown line of the picture with this id.
    pub fn for_id(id: String) -> UploadedImage {
        UploadedImage::new(id)
    }

    fn new(id: String) -> UploadedImage {
        UploadedImage {
            url: format!("/media/{id}"),
            small_url: format!("/media/{id}/small"),
            markdown: format!(
                "![{}](/media/{id})",
                crate::posts::markdown::PLACEHOLDER_DESCRIPTION
            ),
            id,
        }
    }
}

/// What the writer reads when a picture is over the limit, with its size when known
/// (a photo too big for the form is known only by the request's length).
pub fn too_large_message(bytes: Option<u64>) -> String {
    let limit = MAX_UPLOAD_BYTES / (1024 * 1024);
    let size = match bytes {
        Some(bytes) => format!(
            "This photo is {} MB; ",
            (bytes + 512 * 1024) / (1024 * 1024)
        ),
        None => "This photo is too big; ".to_owned(),
    };
    format!(
        "{size}the limit is {limit} MB. Make it smaller (on a phone, share it at a smaller \
         size or take a screenshot of it) and upload it again. Your text is still here."
    )
}

/// Why an upload was not stored.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is not a picture quire takes; [`ImageError::message`] says why, kindly.
    #[error("upload refused: {0}")]
    Image(#[from] ImageError),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Processes an upload (see [`process`]) and stores it under a new random id.
///
/// `original_name` is kept only as text, without folders and trimmed; the id never
/// comes from it.
pub async fn store_upload(
    store: &Store,
    uploader_id: i64,
    original_name: &str,
    bytes: Vec<u8>,
) -> Result<UploadedImage, UploadError> {
    let image = process_upload(bytes).await?;
    let id = new_image_id();
    store
        .create_image(&NewImage {
            id: &id,
            uploader_id,
            content_type: image.content_type,
            width: image.width,
            height: image.height,
            data: &image.data,
            small_width: image.small_width,
            small_height: image.small_height,
            small_data: &image.small_data,
            original_name: &clean_name(original_name),
        })
        .await?;
    Ok(UploadedImage::new(id))
}

/// Whether `id` could be an image id: checked before any query, so a path trick
/// (`../`, `%00`) is a plain 404 without reaching the database.
pub fn is_image_id(id: &str) -> bool {
    id.len() == ID_LENGTH && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A fresh random id: letters and digits only, so it is safe in a URL and in Markdown.
/// Imports name their pictures before the transaction that stores them.
pub fn new_image_id() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(ID_LENGTH)
        .map(char::from)
        .collect()
}

/// The last part of a path (browsers on Windows may send `C:\…`), without control
/// characters, trimmed and cut to [`MAX_NAME_CHARS`].
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let printable: String = base.chars().filter(|c| !c.is_control()).collect();
    printable
        .trim()
        .chars()
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}
