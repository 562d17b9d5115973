//! What a picture may be, what processing makes of it, and why an upload is refused.

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
pub(super) const MAX_SIDE: u32 = 20_000;
/// Most bytes a decoded picture may take: `MAX_PIXELS` at 8-bit RGBA. A 16-bit PNG
/// near the pixel limit would take twice that, so it is refused too.
pub(super) const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 4;
/// Good enough that children see no blocks, small enough for a class on one Wi-Fi.
pub(super) const JPEG_QUALITY: u8 = 82;

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
    /// A HEIC or HEIF photo, which quire cannot decode.
    #[error("a HEIC photo")]
    Heic,
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
            ImageError::Heic => {
                "That photo is in the iPhone's HEIC format, which quire cannot open. \
                 Take the photo as JPEG (on an iPhone: Settings, Camera, Formats, Most \
                 Compatible) or use a screenshot of it."
            }
            // Keep in step with MAX_UPLOAD_BYTES (a unit test checks).
            ImageError::TooLarge => {
                "That picture is larger than 10 MB, the limit. Make it smaller (on a phone, \
                 share it at a smaller size or take a screenshot of it) and upload it again."
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
    pub(super) fn from_decoding(error: image::ImageError) -> ImageError {
        match error {
            image::ImageError::Limits(_) => ImageError::TooManyPixels,
            other => ImageError::Unreadable(other.to_string()),
        }
    }

    /// An encoder cannot fail on pixels it was just given, so a failure here is quire's.
    pub(super) fn from_encoding(error: image::ImageError) -> ImageError {
        ImageError::Failed(error.to_string())
    }
}
