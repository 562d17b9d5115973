//! What a picture's header says, read before any pixel is decoded: its format, size
//! and the memory its processing will take.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};

use super::bounds::*;
use super::limits::*;
use super::memory::*;

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
pub(super) fn within_budget(header: &Header) -> Result<u64, ImageError> {
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
pub(super) fn open(bytes: &[u8]) -> Result<(ImageFormat, impl ImageDecoder + '_), ImageError> {
    if is_heic(bytes) {
        return Err(ImageError::Heic);
    }
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

/// Whether the bytes are a HEIC or HEIF photo (an iPhone's usual format): an ISO box
/// `ftyp` with one of HEIF's brands. No maintained pure-Rust crate decodes HEIC (the
/// decoders bind the C library libheif), so these are refused with what to do instead.
pub(super) fn is_heic(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(b"ftyp")
        && bytes.get(8..12).is_some_and(|brand| {
            [
                b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
            ]
            .iter()
            .any(|known| brand == *known)
        })
}
