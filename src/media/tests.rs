//! Uploads become clean, upright, bounded pictures.

use image::codecs::gif::GifEncoder;
use image::codecs::webp::WebPEncoder;
use image::{Frame, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageFormat};

use super::bounds::*;
use super::header::*;
use super::limits::*;
use super::memory::*;
use super::process::*;
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
