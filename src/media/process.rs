//! Decoding, turning upright, shrinking and encoding afresh.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder};
use tokio::sync::AcquireError;

use super::bounds::*;
use super::header::*;
use super::limits::*;
use super::memory::*;

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

pub(super) fn check_size(len: usize) -> Result<(), ImageError> {
    if len > MAX_UPLOAD_BYTES {
        Err(ImageError::TooLarge)
    } else {
        Ok(())
    }
}

/// Decodes an accepted format within the limits, with the EXIF orientation to apply.
pub(super) fn decode(bytes: &[u8]) -> Result<(DynamicImage, Orientation), ImageError> {
    let (_, mut decoder) = open(bytes)?;
    // Unreadable EXIF should not cost a child their picture: it is shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(ImageError::from_decoding)?;
    Ok((image, orientation))
}

/// Whether the orientation turns the picture a quarter, swapping width and height.
pub(super) fn swaps_sides(orientation: Orientation) -> bool {
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
pub(super) fn shrunk_upright(image: DynamicImage, orientation: Orientation) -> DynamicImage {
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

/// `image` scaled down to `width` × `height`: with the Lanczos filter when its scratch
/// is small, else by averaging areas (a large picture shrunk a lot, where it looks the
/// same and needs no scratch).
pub(super) fn shrink(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if fine_scaling_scratch(u64::from(image.width()), u64::from(height)).is_some() {
        image.resize_exact(width, height, FilterType::Lanczos3)
    } else {
        image.thumbnail_exact(width, height)
    }
}

/// `image` shrunk to fit `max_width` × `max_height`, or `None` when it already fits
/// (a picture is never enlarged).
pub(super) fn scaled_down(
    image: &DynamicImage,
    max_width: u32,
    max_height: u32,
) -> Option<DynamicImage> {
    let (width, height) = fit_within(image.width(), image.height(), max_width, max_height)?;
    Some(shrink(image, width, height))
}

/// Whether some pixel is at least partly see-through. A PNG or GIF often has an alpha
/// channel with every pixel opaque; that is a photo, and JPEG stores it far smaller.
pub(super) fn has_transparency(image: &DynamicImage) -> bool {
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
pub(super) enum Output {
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
