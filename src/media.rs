//! Pictures in posts: each upload is decoded, turned upright, scaled down and encoded
//! afresh (which leaves its EXIF and GPS data behind), then kept in the database.
//!
//! Nothing of the uploaded file is stored but its pixels and a cleaned-up name: the
//! format is read from the bytes, never from the name or the browser's claim.

use std::io::Cursor;
use std::sync::OnceLock;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use rand::Rng;
use rand::distr::Alphanumeric;
use tokio::sync::{AcquireError, Semaphore, SemaphorePermit};

use crate::store::{NewImage, Store};

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

/// Decoding a large picture takes a core for a second or more; on a small school
/// server, two at a time keeps the rest of the site answering.
static PROCESSING: Semaphore = Semaphore::const_new(2);

/// Memory that pictures being processed may take together, unless the operator sets
/// another figure (`--picture-memory-mb`): a 48-megapixel phone photo (about 150 MB
/// while it is open) fits, and the whole of quire stays under 200 MB while a class
/// uploads; a 7000 × 7000 picture with transparency (196 MB decoded) does not fit.
pub const DEFAULT_MEMORY_BUDGET_MB: u64 = 160;
/// The budget's unit: a permit of the memory semaphore is a kibibyte.
const PERMIT_BYTES: u64 = 1024;
/// Scratch space the finest scaling (Lanczos) may take; it works through a copy in
/// 32-bit floats, 16 bytes a pixel, source width × result height. Larger pictures are
/// scaled by averaging areas, which needs no scratch and looks the same when a photo
/// is at least about twice the size it is shrunk to.
const FINE_SCALING_SCRATCH: u64 = 48 * 1024 * 1024;
/// Bytes a pixel takes in the finest scaling's scratch copy.
const SCRATCH_PIXEL_BYTES: u64 = 16;

/// The memory budget: a semaphore whose permits are kibibytes.
struct MemoryBudget {
    bytes: u64,
    permits: Semaphore,
}

static MEMORY: OnceLock<MemoryBudget> = OnceLock::new();

fn memory_budget() -> &'static MemoryBudget {
    MEMORY.get_or_init(|| MemoryBudget::new(DEFAULT_MEMORY_BUDGET_MB))
}

impl MemoryBudget {
    fn new(megabytes: u64) -> MemoryBudget {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        let permits = usize::try_from(bytes / PERMIT_BYTES)
            .unwrap_or(Semaphore::MAX_PERMITS)
            .min(Semaphore::MAX_PERMITS);
        MemoryBudget {
            bytes,
            permits: Semaphore::new(permits),
        }
    }

    /// Waits until `bytes` of the budget are free, and holds them until the permit drops.
    async fn reserve(&'static self, bytes: u64) -> Result<SemaphorePermit<'static>, AcquireError> {
        let permits = bytes.div_ceil(PERMIT_BYTES).min(self.bytes / PERMIT_BYTES);
        self.permits
            .acquire_many(u32::try_from(permits).unwrap_or(u32::MAX))
            .await
    }
}

/// Sets the memory budget of picture processing, once, before the first upload
/// (`serve` does it from `--picture-memory-mb`). Returns false when a budget was
/// already in force, which then stays.
pub fn set_memory_budget(megabytes: u64) -> bool {
    MEMORY.set(MemoryBudget::new(megabytes)).is_ok()
        || memory_budget().bytes == megabytes.saturating_mul(1024 * 1024)
}

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

/// Turns an uploaded file into a picture to store.
///
/// Only JPEG, PNG, GIF and WebP are accepted, recognised by their first bytes. The EXIF
/// orientation is applied first, so a phone photo taken sideways is stored upright. The
/// picture is then only ever shrunk, to fit [`MAX_WIDTH`] × [`MAX_HEIGHT`], with a small
/// copy to fit [`SMALL_WIDTH`] × [`SMALL_HEIGHT`]. Both are encoded afresh, as JPEG, or as
/// PNG when some pixel is transparent; neither carries any of the file's metadata (EXIF
/// with its GPS position, XMP, comments, colour profile).
/// An animated GIF or WebP keeps only its first frame: posts show still pictures.
///
/// A picture whose processing would take more memory than the whole budget (see
/// [`set_memory_budget`]) is refused as [`ImageError::TooManyPixels`], from its header.
pub fn process(bytes: &[u8]) -> Result<ProcessedImage, ImageError> {
    check_size(bytes.len())?;
    within_budget(&Header::read(bytes)?)?;
    let (decoded, orientation) = decode(bytes)?;
    // Shrunk before it is turned, so the turn copies the small picture, not the large one.
    let full = shrunk_upright(decoded, orientation);
    let output = if has_transparency(&full) {
        Output::Png
    } else {
        Output::Jpeg
    };
    let data = output.encode(&full)?;
    let small = scaled_down(&full, SMALL_WIDTH, SMALL_HEIGHT);
    let small = small.as_ref().unwrap_or(&full);
    Ok(ProcessedImage {
        content_type: output.content_type(),
        width: full.width(),
        height: full.height(),
        data,
        small_width: small.width(),
        small_height: small.height(),
        small_data: output.encode(small)?,
    })
}

/// [`process`] on a blocking thread, within the memory budget and at most two at a time.
///
/// The picture's header tells how much memory it will take ([`Header::working_memory`]);
/// that much of the budget is reserved before decoding, so uploads that would not fit
/// together wait for each other instead of piling up. An upload over
/// [`MAX_UPLOAD_BYTES`], or one that could never fit the budget, is refused before it
/// waits or decodes anything.
pub async fn process_upload(bytes: Vec<u8>) -> Result<ProcessedImage, ImageError> {
    check_size(bytes.len())?;
    // Reading a header parses a few hundred bytes: no need for a blocking thread.
    let needs = within_budget(&Header::read(&bytes)?)?;
    let failed = |error: AcquireError| ImageError::Failed(error.to_string());
    let memory = memory_budget().reserve(needs).await.map_err(failed)?;
    let core = PROCESSING.acquire().await.map_err(failed)?;
    // The permits go with the work: if the request is dropped (a timeout, a closed tab),
    // the blocking thread runs on, and its memory and core must still be counted.
    tokio::task::spawn_blocking(move || {
        let _held = (memory, core);
        process(&bytes)
    })
    .await
    .map_err(|error| ImageError::Failed(error.to_string()))?
}

fn check_size(len: usize) -> Result<(), ImageError> {
    if len > MAX_UPLOAD_BYTES {
        Err(ImageError::TooLarge)
    } else {
        Ok(())
    }
}

/// What a picture's header says, read before any pixel is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    format: ImageFormat,
    width: u32,
    height: u32,
    /// Bytes of the decoded pixels.
    decoded_bytes: u64,
    /// Whether it is a progressive JPEG, whose decoder keeps every coefficient.
    progressive: bool,
}

impl Header {
    /// Reads the header of an accepted format, and refuses a picture over the pixel limits.
    pub fn read(bytes: &[u8]) -> Result<Header, ImageError> {
        let (format, decoder) = open(bytes)?;
        let (width, height) = decoder.dimensions();
        Ok(Header {
            format,
            width,
            height,
            decoded_bytes: decoder.total_bytes(),
            progressive: format == ImageFormat::Jpeg && jpeg_is_progressive(bytes),
        })
    }

    /// Most memory processing the picture takes at one time, in bytes: while decoding,
    /// the decoded pixels and what the decoder keeps besides; while shrinking, the
    /// decoded pixels, the scaling's scratch space and the shrunk copy; after that, the
    /// shrunk copies being turned upright, checked for transparency and encoded.
    ///
    /// The decoders' own needs were measured: the PNG and baseline JPEG decoders keep a
    /// few rows; a progressive JPEG's keeps every coefficient (two bytes a sample); GIF
    /// and WebP decoders may hold a frame of their own.
    pub fn working_memory(&self) -> u64 {
        let decoded = self.decoded_bytes;
        let decoder = match self.format {
            ImageFormat::Jpeg if self.progressive => decoded * 2,
            ImageFormat::Gif | ImageFormat::WebP => decoded,
            _ => 0,
        };
        let (width, height) = (u64::from(self.width), u64::from(self.height));
        let bytes_per_pixel = (decoded / (width * height).max(1)).max(4);
        // Either way up: the header is read before the EXIF orientation is.
        let (scratch, full) = [false, true]
            .into_iter()
            .map(|swapped| {
                let (w, h) = if swapped {
                    (self.height, self.width)
                } else {
                    (self.width, self.height)
                };
                match fit_within(w, h, MAX_WIDTH, MAX_HEIGHT) {
                    None => (0, width * height * bytes_per_pixel),
                    Some((fit_w, fit_h)) => {
                        let rows = u64::from(if swapped { fit_w } else { fit_h });
                        let scratch = fine_scaling_scratch(width, rows).unwrap_or(0);
                        (
                            scratch,
                            u64::from(fit_w) * u64::from(fit_h) * bytes_per_pixel,
                        )
                    }
                }
            })
            .fold((0, 0), |(a, b), (c, d)| (a.max(c), b.max(d)));
        // Three times: decoding; shrinking (the decoded picture, scratch, the shrunk copy);
        // then the shrunk picture, its upright copy and its 8-bit copy for the encoder,
        // with the small copy and the encoded files, smaller than one of these.
        (decoded + decoder)
            .max(decoded + scratch + full)
            .max(4 * full)
    }
}

/// The picture's working memory if it fits the budget, else `TooManyPixels`.
fn within_budget(header: &Header) -> Result<u64, ImageError> {
    let needs = header.working_memory();
    if needs > memory_budget().bytes {
        tracing::info!(
            ?header,
            needs_mb = needs / 1024 / 1024,
            budget_mb = memory_budget().bytes / 1024 / 1024,
            "picture refused: it would take more memory than the budget"
        );
        return Err(ImageError::TooManyPixels);
    }
    Ok(needs)
}

/// Recognises an accepted format and opens its decoder, which reads only the header;
/// a picture over the pixel limits is refused here, before any buffer.
fn open(bytes: &[u8]) -> Result<(ImageFormat, impl ImageDecoder + '_), ImageError> {
    let format = image::guess_format(bytes).map_err(|_| ImageError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(ImageError::NotAnImage);
    }
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(ImageError::Unreadable(
            "the JPEG ends before its last marker".to_owned(),
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decode_limits());
    let decoder = reader.into_decoder().map_err(ImageError::from_decoding)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(ImageError::TooManyPixels);
    }
    Ok((format, decoder))
}

/// Decodes an accepted format within the limits, with the EXIF orientation to apply.
fn decode(bytes: &[u8]) -> Result<(DynamicImage, Orientation), ImageError> {
    let (_, mut decoder) = open(bytes)?;
    // Unreadable EXIF should not cost a child their picture: it is shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(ImageError::from_decoding)?;
    Ok((image, orientation))
}

/// Whether the orientation turns the picture a quarter, swapping width and height.
fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// `image` shrunk so that, once upright, it fits [`MAX_WIDTH`] × [`MAX_HEIGHT`], then
/// turned upright.
fn shrunk_upright(image: DynamicImage, orientation: Orientation) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    let swapped = swaps_sides(orientation);
    let upright = if swapped {
        (height, width)
    } else {
        (width, height)
    };
    let mut shrunk = match fit_within(upright.0, upright.1, MAX_WIDTH, MAX_HEIGHT) {
        Some((w, h)) if swapped => shrink(&image, h, w),
        Some((w, h)) => shrink(&image, w, h),
        None => image,
    };
    // (The large picture is gone by now: shrink borrowed it, and the match dropped it.)
    shrunk.apply_orientation(orientation);
    shrunk
}

/// Bytes of scratch the finest scaling of a picture `source_width` wide to `height`
/// rows takes, when that is within [`FINE_SCALING_SCRATCH`].
fn fine_scaling_scratch(source_width: u64, height: u64) -> Option<u64> {
    let scratch = source_width * height * SCRATCH_PIXEL_BYTES;
    (scratch <= FINE_SCALING_SCRATCH).then_some(scratch)
}

/// `image` scaled down to `width` × `height`: with the Lanczos filter when its scratch
/// is small, else by averaging areas (a large picture shrunk a lot, where it looks the
/// same and needs no scratch).
fn shrink(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if fine_scaling_scratch(u64::from(image.width()), u64::from(height)).is_some() {
        image.resize_exact(width, height, FilterType::Lanczos3)
    } else {
        image.thumbnail_exact(width, height)
    }
}

/// Whether a JPEG goes on to its end-of-image marker.
///
/// The decoder forgives a file cut short and paints the missing part grey; a child
/// should rather hear that the picture is damaged than see it half grey in a post.
/// The segments before the first scan are walked by their lengths, so the markers of
/// an EXIF thumbnail are never taken for the picture's own.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        let Some(&[0xff, marker, high, low]) = bytes.get(at..at + 4) else {
            return false;
        };
        at += match marker {
            // A fill byte, or a marker that has no length.
            0xff => 1,
            0x01 | 0xd0..=0xd9 => 2,
            _ => 2 + usize::from(u16::from_be_bytes([high, low])),
        };
        if marker == 0xda {
            break;
        }
    }
    // The marker cannot occur inside scan data (an 0xff there is followed by 0x00 or a
    // restart marker). It usually ends the file, so look from the end.
    bytes
        .get(at..)
        .is_some_and(|scans| scans.windows(2).rev().any(|pair| pair == [0xff, 0xd9]))
}

/// Whether a JPEG is progressive (start-of-frame marker 0xC2, or 0xC6/0xCA/0xCE), read
/// from the segments before the first scan as in [`jpeg_is_complete`].
fn jpeg_is_progressive(bytes: &[u8]) -> bool {
    let mut at = 2;
    while let Some(&[0xff, marker, high, low]) = bytes.get(at..at + 4) {
        match marker {
            0xc2 | 0xc6 | 0xca | 0xce => return true,
            0xc0 | 0xc1 | 0xc3 | 0xc5 | 0xc7 | 0xc9 | 0xcb | 0xcd | 0xcf | 0xda => {
                return false;
            }
            0xff => at += 1,
            0x01 | 0xd0..=0xd9 => at += 2,
            _ => at += 2 + usize::from(u16::from_be_bytes([high, low])),
        }
    }
    false
}

fn decode_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

/// `image` shrunk to fit `max_width` × `max_height`, or `None` when it already fits
/// (a picture is never enlarged).
fn scaled_down(image: &DynamicImage, max_width: u32, max_height: u32) -> Option<DynamicImage> {
    let (width, height) = fit_within(image.width(), image.height(), max_width, max_height)?;
    Some(shrink(image, width, height))
}

/// The largest size with the same proportions inside the box, rounded to the nearest
/// pixel (at least one), or `None` when `width` × `height` already fits.
fn fit_within(width: u32, height: u32, max_width: u32, max_height: u32) -> Option<(u32, u32)> {
    if width <= max_width && height <= max_height {
        return None;
    }
    let (w, h) = (u64::from(width), u64::from(height));
    let (max_w, max_h) = (u64::from(max_width), u64::from(max_height));
    // Compare the proportions in integers: which side meets the box first.
    let (new_w, new_h) = if w * max_h >= h * max_w {
        (max_w, (2 * h * max_w + w) / (2 * w))
    } else {
        ((2 * w * max_h + h) / (2 * h), max_h)
    };
    // Both are at most the box's sides, which are u32.
    let clamp = |n: u64, max: u32| u32::try_from(n.max(1)).unwrap_or(max);
    Some((clamp(new_w, max_width), clamp(new_h, max_height)))
}

/// Whether some pixel is at least partly see-through. A PNG or GIF often has an alpha
/// channel with every pixel opaque; that is a photo, and JPEG stores it far smaller.
fn has_transparency(image: &DynamicImage) -> bool {
    if !image.color().has_alpha() {
        return false;
    }
    match image.as_rgba8() {
        Some(rgba) => rgba.pixels().any(|pixel| pixel[3] < u8::MAX),
        None => image.to_rgba8().pixels().any(|pixel| pixel[3] < u8::MAX),
    }
}

/// The format a picture is stored in.
#[derive(Clone, Copy)]
enum Output {
    Jpeg,
    Png,
}

impl Output {
    fn content_type(self) -> &'static str {
        match self {
            Output::Jpeg => "image/jpeg",
            Output::Png => "image/png",
        }
    }

    /// Encodes 8-bit pixels; these encoders write no EXIF, so none survives.
    fn encode(self, image: &DynamicImage) -> Result<Vec<u8>, ImageError> {
        let mut out = Vec::new();
        match self {
            Output::Jpeg => image
                .to_rgb8()
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
            Output::Png => image
                .to_rgba8()
                .write_with_encoder(PngEncoder::new(&mut out)),
        }
        .map_err(ImageError::from_encoding)?;
        Ok(out)
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

#[cfg(test)]
mod tests {
    use image::codecs::gif::GifEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{Frame, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

    use super::*;

    /// A photo-like picture: a gradient, so JPEG has something to encode.
    fn photo(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let r = u8::try_from(x * 255 / width.max(1)).expect("below 256");
            let g = u8::try_from(y * 255 / height.max(1)).expect("below 256");
            Rgb([r, g, 128])
        })
    }

    fn jpeg(image: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
            .expect("JPEG encodes");
        out
    }

    fn png(image: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_with_encoder(PngEncoder::new(&mut out))
            .expect("PNG encodes");
        out
    }

    fn decoded(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).expect("quire's output decodes")
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    /// GPS latitude 51° 30' 26.34" as three big-endian rationals: bytes a leak would carry.
    const LATITUDE: [u8; 24] = [
        0, 0, 0, 51, 0, 0, 0, 1, 0, 0, 0, 30, 0, 0, 0, 1, 0, 0, 0x0a, 0x4a, 0, 0, 0, 100,
    ];

    /// A big-endian TIFF block as EXIF carries it: IFD0 with the orientation and a
    /// pointer to a GPS IFD holding a latitude and a map datum.
    fn exif_tiff(orientation: u16) -> Vec<u8> {
        let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
            [
                &tag.to_be_bytes()[..],
                &kind.to_be_bytes(),
                &count.to_be_bytes(),
                &value,
            ]
            .concat()
        };
        let [o1, o2] = orientation.to_be_bytes();
        let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
        let latitude_at = gps_ifd + 2 + 3 * 12 + 4;
        let datum_at = latitude_at + 24;
        [
            &b"MM\0\x2a"[..],
            &8u32.to_be_bytes(),
            &2u16.to_be_bytes(),
            &entry(0x0112, 3, 1, [o1, o2, 0, 0]),
            &entry(0x8825, 4, 1, gps_ifd.to_be_bytes()),
            &0u32.to_be_bytes(),
            &3u16.to_be_bytes(),
            &entry(0x0001, 2, 2, *b"N\0\0\0"),
            &entry(0x0002, 5, 3, latitude_at.to_be_bytes()),
            &entry(0x0012, 2, 7, datum_at.to_be_bytes()),
            &0u32.to_be_bytes(),
            &LATITUDE,
            b"WGS-84\0",
        ]
        .concat()
    }

    /// `jpeg` with an EXIF APP1 segment spliced in right after the start-of-image marker.
    fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
        let payload = [&b"Exif\0\0"[..], tiff].concat();
        let length = u16::try_from(payload.len() + 2).expect("a short segment");
        [
            &jpeg[..2],
            &[0xff, 0xe1],
            &length.to_be_bytes(),
            &payload,
            &jpeg[2..],
        ]
        .concat()
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let length = u32::try_from(data.len()).expect("a short chunk");
        let body = [&kind[..], data].concat();
        [
            &length.to_be_bytes()[..],
            &body,
            &crc32(&body).to_be_bytes(),
        ]
        .concat()
    }

    /// A valid PNG header claiming `width` × `height` RGB pixels, with almost no data.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        png_claiming_colour(width, height, 2)
    }

    /// The same with a PNG colour type: 2 is RGB, 6 is RGBA.
    fn png_claiming_colour(width: u32, height: u32, colour: u8) -> Vec<u8> {
        let header = [
            &width.to_be_bytes()[..],
            &height.to_be_bytes(),
            &[8, colour, 0, 0, 0],
        ]
        .concat();
        [
            &b"\x89PNG\r\n\x1a\n"[..],
            &png_chunk(b"IHDR", &header),
            // An empty zlib stream.
            &png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            &png_chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn exif_and_gps_data_are_stripped() {
        let upload = with_exif(&jpeg(&photo(300, 200)), &exif_tiff(1));
        assert!(contains(&upload, b"Exif") && contains(&upload, &LATITUDE));
        let image = process(&upload).expect("a JPEG with EXIF is accepted");
        assert_eq!(image.content_type, "image/jpeg");
        for output in [&image.data, &image.small_data] {
            assert!(!contains(output, b"Exif"));
            assert!(!contains(output, &LATITUDE));
            assert!(!contains(output, b"WGS-84"));
        }
    }

    #[test]
    fn exif_orientation_turns_a_sideways_photo_upright() {
        // Red in the stored top-left corner: orientation 6 shows it at the top right.
        let mut stored = photo(300, 200);
        for (x, y, pixel) in stored.enumerate_pixels_mut() {
            if x < 60 && y < 60 {
                *pixel = Rgb([255, 0, 0]);
            }
        }
        let upload = with_exif(&jpeg(&stored), &exif_tiff(6));
        let image = process(&upload).expect("a rotated JPEG is accepted");
        assert_eq!((image.width, image.height), (200, 300));
        let upright = decoded(&image.data);
        assert!(upright.get_pixel(180, 20)[0] > 200, "top right is red");
        assert!(upright.get_pixel(20, 20)[0] < 100, "top left is not");
    }

    #[test]
    fn a_large_photo_is_scaled_down_to_the_maximum_width() {
        let image = process(&jpeg(&photo(3000, 2000))).expect("a large photo is accepted");
        assert_eq!((image.width, image.height), (1600, 1067));
        assert_eq!((image.small_width, image.small_height), (480, 320));
        assert_eq!(decoded(&image.data).dimensions(), (1600, 1067));
        assert_eq!(decoded(&image.small_data).dimensions(), (480, 320));
    }

    #[test]
    fn a_tall_picture_is_scaled_down_to_the_maximum_height() {
        let image = process(&jpeg(&photo(600, 4800))).expect("a tall picture is accepted");
        assert_eq!((image.width, image.height), (300, 2400));
        assert_eq!((image.small_width, image.small_height), (90, 720));
    }

    #[test]
    fn a_small_picture_is_not_enlarged() {
        let image = process(&jpeg(&photo(100, 80))).expect("a small picture is accepted");
        assert_eq!((image.width, image.height), (100, 80));
        assert_eq!((image.small_width, image.small_height), (100, 80));
        assert_eq!(decoded(&image.data).dimensions(), (100, 80));
    }

    #[test]
    fn a_png_with_transparency_stays_png() {
        let sticker = RgbaImage::from_fn(200, 100, |x, _| {
            if x < 100 {
                Rgba([0, 0, 255, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        });
        let image = process(&png(&DynamicImage::ImageRgba8(sticker))).expect("a PNG is accepted");
        assert_eq!(image.content_type, "image/png");
        assert_eq!(decoded(&image.data).get_pixel(150, 50)[3], 0);
        assert!(decoded(&image.small_data).color().has_alpha());
    }

    #[test]
    fn an_opaque_picture_becomes_jpeg() {
        let opaque_rgb = DynamicImage::ImageRgb8(photo(200, 100));
        let opaque_rgba = DynamicImage::ImageRgba8(opaque_rgb.to_rgba8());
        for picture in [opaque_rgb, opaque_rgba] {
            let image = process(&png(&picture)).expect("a PNG is accepted");
            assert_eq!(image.content_type, "image/jpeg");
            assert_eq!(
                image::guess_format(&image.data).ok(),
                Some(ImageFormat::Jpeg)
            );
            assert_eq!(
                image::guess_format(&image.small_data).ok(),
                Some(ImageFormat::Jpeg)
            );
        }
    }

    #[test]
    fn an_animated_gif_keeps_its_first_frame() {
        let frame = |colour: [u8; 4]| Frame::new(RgbaImage::from_pixel(40, 30, Rgba(colour)));
        let mut gif = Vec::new();
        GifEncoder::new(&mut gif)
            .encode_frames([frame([0, 200, 0, 255]), frame([200, 0, 0, 255])])
            .expect("GIF encodes");
        let image = process(&gif).expect("a GIF is accepted");
        assert_eq!(
            (image.content_type, image.width, image.height),
            ("image/jpeg", 40, 30)
        );
        let first = decoded(&image.data).get_pixel(20, 15);
        assert!(
            first[1] > 150 && first[0] < 50,
            "the green first frame: {first:?}"
        );
    }

    #[test]
    fn a_webp_is_accepted() {
        let mut webp = Vec::new();
        RgbaImage::from_pixel(64, 48, Rgba([10, 20, 30, 255]))
            .write_with_encoder(WebPEncoder::new_lossless(&mut webp))
            .expect("WebP encodes");
        let image = process(&webp).expect("a WebP is accepted");
        assert_eq!(
            (image.content_type, image.width, image.height),
            ("image/jpeg", 64, 48)
        );
    }

    #[test]
    fn files_that_are_not_pictures_are_refused() {
        let cases: [(&str, &[u8]); 4] = [
            ("text", b"Dear diary, today we went to the zoo."),
            (
                "HTML renamed .jpg",
                b"<!doctype html><script>alert(1)</script>",
            ),
            ("an empty file", b""),
            ("a BMP", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0"),
        ];
        for (name, bytes) in cases {
            let error = process(bytes).expect_err(name);
            assert!(matches!(error, ImageError::NotAnImage), "{name}: {error:?}");
            assert_eq!(
                error.message(),
                "That file is not a JPEG, PNG, GIF or WebP picture."
            );
        }
    }

    #[test]
    fn a_truncated_jpeg_is_refused_with_a_clear_message() {
        let whole = jpeg(&photo(300, 200));
        for cut in [4, 40, whole.len() / 2, whole.len() - 2] {
            let error = process(&whole[..cut]).expect_err("a cut-off JPEG is refused");
            assert!(
                matches!(error, ImageError::Unreadable(_) | ImageError::NotAnImage),
                "cut at {cut}: {error:?}"
            );
            assert!(!error.message().is_empty());
        }
    }

    #[test]
    fn a_png_claiming_too_many_pixels_is_refused_before_decoding() {
        // 60000 × 60000 would be 10 GB decoded; 8000 × 8000 is under the side limit
        // but over the pixel limit.
        for (width, height) in [(60_000, 60_000), (8_000, 8_000)] {
            let error = process(&png_claiming(width, height)).expect_err("a bomb is refused");
            assert!(
                matches!(error, ImageError::TooManyPixels),
                "{width}×{height}: {error:?}"
            );
        }
    }

    #[test]
    fn a_picture_needing_more_memory_than_the_budget_is_refused_from_its_header() {
        // The report's picture: 7000 × 7000 RGBA decodes to 196 MB, over the budget.
        let huge = png_claiming_colour(7000, 7000, 6);
        let needs = Header::read(&huge).expect("a header").working_memory();
        assert!(needs > DEFAULT_MEMORY_BUDGET_MB * 1024 * 1024, "{needs}");
        let error = process(&huge).expect_err("refused");
        assert!(matches!(error, ImageError::TooManyPixels), "{error:?}");
        assert!(error.message().contains("too big for quire to open"));
    }

    #[test]
    fn phone_photos_fit_the_budget_and_twelve_megapixels_leave_room_for_three() {
        let budget = DEFAULT_MEMORY_BUDGET_MB * 1024 * 1024;
        let twelve = Header::read(&png_claiming(4032, 3024)).expect("a header");
        assert!(twelve.working_memory() * 3 < budget, "{twelve:?}");
        let forty_eight = Header::read(&png_claiming(8000, 6000)).expect("a header");
        assert!(forty_eight.working_memory() <= budget, "{forty_eight:?}");
    }

    #[test]
    fn a_sideways_photo_is_shrunk_to_fit_once_upright() {
        // Stored 3000 × 2000 and turned a quarter: upright it is 2000 × 3000, which
        // fits 1600 × 2400 exactly.
        let upload = with_exif(&jpeg(&photo(3000, 2000)), &exif_tiff(6));
        let image = process(&upload).expect("a rotated photo is accepted");
        assert_eq!((image.width, image.height), (1600, 2400));
        assert_eq!((image.small_width, image.small_height), (480, 720));
        assert_eq!(decoded(&image.data).dimensions(), (1600, 2400));
    }

    #[test]
    fn a_progressive_jpeg_is_told_from_a_baseline_one() {
        let baseline = jpeg(&photo(64, 48));
        assert!(!jpeg_is_progressive(&baseline));
        // The same segments with the frame marker of a progressive JPEG.
        let sof = baseline
            .windows(2)
            .position(|pair| pair == [0xff, 0xc0])
            .expect("a baseline frame marker");
        let mut progressive = baseline.clone();
        progressive[sof + 1] = 0xc2;
        assert!(jpeg_is_progressive(&progressive));
    }

    #[tokio::test]
    async fn an_upload_over_ten_megabytes_is_refused() {
        let error = process_upload(vec![0; MAX_UPLOAD_BYTES + 1])
            .await
            .expect_err("too large");
        assert!(matches!(error, ImageError::TooLarge));
        assert!(matches!(
            process(&vec![0; MAX_UPLOAD_BYTES + 1]),
            Err(ImageError::TooLarge)
        ));
    }

    #[tokio::test]
    async fn an_upload_is_processed_off_the_async_threads() {
        let image = process_upload(jpeg(&photo(640, 480)))
            .await
            .expect("a photo is accepted");
        assert_eq!((image.width, image.small_width), (640, 480));
    }

    #[test]
    fn the_too_large_message_names_the_limit() {
        let megabytes = MAX_UPLOAD_BYTES / 1024 / 1024;
        assert!(
            ImageError::TooLarge
                .message()
                .contains(&format!("{megabytes} MB"))
        );
    }

    #[test]
    fn names_keep_only_their_last_part_trimmed() {
        let long = format!("{}.jpg", "a".repeat(500));
        let cases = [
            ("../../x.jpg", "x.jpg"),
            ("C:\\Users\\ana\\Pictures\\cat.png", "cat.png"),
            ("  holiday.jpg  ", "holiday.jpg"),
            ("tab\tand\nnewline.gif", "tabandnewline.gif"),
            ("folder/", ""),
        ];
        for (given, kept) in cases {
            assert_eq!(clean_name(given), kept, "{given:?}");
        }
        assert_eq!(clean_name(&long).chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn image_ids_are_random_and_url_safe() {
        let (a, b) = (new_image_id(), new_image_id());
        assert_ne!(a, b);
        assert!(is_image_id(&a) && is_image_id(&b));
        assert!(a.len() >= 22);
        for bad in [
            "",
            "../../Cargo.toml",
            "abc",
            &format!("{}\0", &a[1..]),
            &format!("{a}x"),
        ] {
            assert!(!is_image_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn uploaded_images_link_to_their_urls() {
        let uploaded = UploadedImage::new("abcdefghijklmnopqrstuv".to_owned());
        assert_eq!(uploaded.url, "/media/abcdefghijklmnopqrstuv");
        assert_eq!(uploaded.small_url, "/media/abcdefghijklmnopqrstuv/small");
        assert_eq!(
            uploaded.markdown,
            "![Describe the picture](/media/abcdefghijklmnopqrstuv)"
        );
    }
}
