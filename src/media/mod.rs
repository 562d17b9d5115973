//! Pictures in posts: each upload is decoded, turned upright, scaled down and encoded
//! afresh (which leaves its EXIF and GPS data behind), then kept in the database.
//!
//! Nothing of the uploaded file is stored but its pixels and a cleaned-up name: the
//! format is read from the bytes, never from the name or the browser's claim.
//!
//! `process` decodes, turns and scales (reading the `header` first, within the
//! `memory` budget); this file stores the result and names it.

mod header;
mod memory;
mod process;
#[cfg(test)]
mod tests;

use rand::Rng;
use rand::distr::Alphanumeric;

use crate::store::{NewImage, Store};

pub use header::Header;
use header::*;
use memory::*;
pub use memory::{DEFAULT_MEMORY_BUDGET_MB, set_memory_budget};
use process::*;
pub use process::{process, process_upload};

/// Largest upload accepted, in bytes; checked before any decoding.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Widest a stored picture gets; wider ones are scaled down, never up.
pub const MAX_WIDTH: u32 = 1600;
/// Tallest a stored picture gets, so a tall strip does not fill a whole post.
pub const MAX_HEIGHT: u32 = 2400;
/// Widest the small copy gets (for lists and slow connections).
pub const SMALL_WIDTH: u32 = 480;
/// Tallest the small copy gets, in the same 2:3 proportion as the full size.
pub const SMALL_HEIGHT: u32 = 720;
/// Most pixels a picture may have to be opened at all: a 48- or 50-megapixel phone
/// photo fits, a decompression bomb (a few KB that would unpack to gigabytes) does not.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Longest side a decoder is asked to open; refused from the header, before any buffer.
const MAX_SIDE: u32 = 20_000;
/// Most bytes a decoded picture may take: `MAX_PIXELS` at 8-bit RGBA. A 16-bit PNG
/// near the pixel limit would take twice that, so it is refused too.
const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 4;
/// Good enough that children see no blocks, small enough for a class on one Wi-Fi.
const JPEG_QUALITY: u8 = 82;
/// Characters in an image id: 22 of 62 is about 131 random bits.
const ID_LENGTH: usize = 22;
/// Longest original name kept, in characters; it is only ever shown as text.
const MAX_NAME_CHARS: usize = 120;

/// A picture ready to store: re-encoded, at full and small size, without metadata.
pub struct ProcessedImage {
    /// `image/jpeg`, or `image/png` when the picture has transparent parts.
    pub content_type: &'static str,
    /// Width of the full-size picture, in pixels.
    pub width: u32,
    /// Height of the full-size picture, in pixels.
    pub height: u32,
    /// The full-size picture, encoded.
    pub data: Vec<u8>,
    /// Width of the small copy, in pixels.
    pub small_width: u32,
    /// Height of the small copy, in pixels.
    pub small_height: u32,
    /// The small copy, encoded in the same format.
    pub small_data: Vec<u8>,
}

/// Sizes instead of megabytes of numbers, for logs and failed tests.
impl std::fmt::Debug for ProcessedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessedImage")
            .field("content_type", &self.content_type)
            .field("size", &(self.width, self.height))
            .field("bytes", &self.data.len())
            .field("small_size", &(self.small_width, self.small_height))
            .field("small_bytes", &self.small_data.len())
            .finish()
    }
}

/// Why an upload could not become a picture.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The bytes are not a JPEG, PNG, GIF or WebP file.
    #[error("not a JPEG, PNG, GIF or WebP image")]
    NotAnImage,
    /// The file is over [`MAX_UPLOAD_BYTES`].
    #[error("larger than the upload limit")]
    TooLarge,
    /// The picture has more than [`MAX_PIXELS`] (or too long a side) to be opened safely.
    #[error("too many pixels to decode")]
    TooManyPixels,
    /// It starts like a picture but cannot be decoded: damaged, cut short, or an odd variant.
    #[error("unreadable image: {0}")]
    Unreadable(String),
    /// Something on quire's side failed (encoding, or the worker thread).
    #[error("image processing failed: {0}")]
    Failed(String),
}

impl ImageError {
    /// A kind sentence for the upload form, written for a child.
    pub fn message(&self) -> &'static str {
        match self {
            ImageError::NotAnImage => "That file is not a JPEG, PNG, GIF or WebP picture.",
            // Keep in step with MAX_UPLOAD_BYTES (a unit test checks).
            ImageError::TooLarge => {
                "That picture is larger than 10 MB. Please choose a smaller one, \
                 or ask a grown-up to help you make it smaller."
            }
            ImageError::TooManyPixels => {
                "That picture is too big for quire to open. Please make it smaller and try again."
            }
            ImageError::Unreadable(_) => {
                "quire could not open that picture. It may be damaged or only partly saved. \
                 Please try saving it again."
            }
            ImageError::Failed(_) => {
                "Something went wrong while saving that picture. Please try again."
            }
        }
    }

    /// Sorts a decoder's complaint: limits mean too big, anything else means the file is bad.
    fn from_decoding(error: image::ImageError) -> ImageError {
        match error {
            image::ImageError::Limits(_) => ImageError::TooManyPixels,
            other => ImageError::Unreadable(other.to_string()),
        }
    }

    /// An encoder cannot fail on pixels it was just given, so a failure here is quire's.
    fn from_encoding(error: image::ImageError) -> ImageError {
        ImageError::Failed(error.to_string())
    }
}

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
    fn new(id: String) -> UploadedImage {
        UploadedImage {
            url: format!("/media/{id}"),
            small_url: format!("/media/{id}/small"),
            markdown: format!("![Describe the picture](/media/{id})"),
            id,
        }
    }
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
fn new_image_id() -> String {
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
