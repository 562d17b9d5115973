//! Decoding, turning upright, shrinking and encoding afresh.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, Limits};
use tokio::sync::AcquireError;

use super::*;

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

/// Bytes of scratch the finest scaling of a picture `source_width` wide to `height`
/// rows takes, when that is within [`FINE_SCALING_SCRATCH`].
pub(super) fn fine_scaling_scratch(source_width: u64, height: u64) -> Option<u64> {
    let scratch = source_width * height * SCRATCH_PIXEL_BYTES;
    (scratch <= FINE_SCALING_SCRATCH).then_some(scratch)
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

/// Whether a JPEG goes on to its end-of-image marker.
///
/// The decoder forgives a file cut short and paints the missing part grey; a child
/// should rather hear that the picture is damaged than see it half grey in a post.
/// The segments before the first scan are walked by their lengths, so the markers of
/// an EXIF thumbnail are never taken for the picture's own.
pub(super) fn jpeg_is_complete(bytes: &[u8]) -> bool {
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
pub(super) fn jpeg_is_progressive(bytes: &[u8]) -> bool {
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

pub(super) fn decode_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
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

/// The largest size with the same proportions inside the box, rounded to the nearest
/// pixel (at least one), or `None` when `width` × `height` already fits.
pub(super) fn fit_within(
    width: u32,
    height: u32,
    max_width: u32,
    max_height: u32,
) -> Option<(u32, u32)> {
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
