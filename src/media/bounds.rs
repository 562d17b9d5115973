//! Checks on sizes and bytes that both reading a header and processing a picture need.

use image::Limits;

use super::limits::*;
use super::memory::*;

/// Bytes of scratch the finest scaling of a picture `source_width` wide to `height`
/// rows takes, when that is within [`FINE_SCALING_SCRATCH`].
pub(super) fn fine_scaling_scratch(source_width: u64, height: u64) -> Option<u64> {
    let scratch = source_width * height * SCRATCH_PIXEL_BYTES;
    (scratch <= FINE_SCALING_SCRATCH).then_some(scratch)
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
