//! Uploaded pictures are served from the database, cached for good, and only by their id.

use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use quire::media::{UploadedImage, store_upload};
use tower::ServiceExt;

use crate::helpers::{TestApp, both};

/// A 2000 × 1500 photo as a camera would send it.
fn photo() -> Vec<u8> {
    let picture = RgbImage::from_fn(2000, 1500, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(JpegEncoder::new_with_quality(&mut jpeg, 90))
        .unwrap();
    jpeg
}

/// A real 7000 × 7000 PNG with transparency, as in the report: about 200 KB that would
/// decode to 196 MB. Written a row at a time, so the test itself stays small.
fn huge_transparent_png() -> Vec<u8> {
    use std::io::Write;
    let (width, height) = (7000u32, 7000u32);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    let mut rows = writer.stream_writer().unwrap();
    let row = vec![0u8; width as usize * 4];
    for _ in 0..height {
        rows.write_all(&row).unwrap();
    }
    rows.finish().unwrap();
    writer.finish().unwrap();
    out
}

async fn upload(app: &TestApp) -> UploadedImage {
    let teacher = app.teacher("Ms Rivera").await;
    store_upload(
        app.store(),
        teacher.id,
        "C:\\Users\\rivera\\zoo.jpg",
        photo(),
    )
    .await
    .unwrap()
}

/// `GET path` with the raw bytes of the answer (the test client reads bodies as text).
async fn fetch(
    app: &TestApp,
    path: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, HeaderMap, Bytes) {
    let mut request = Request::get(path).header(header::HOST, "127.0.0.1:3000");
    if let Some(etag) = if_none_match {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    (status, headers, bytes)
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

both! {
    async fn an_uploaded_picture_is_served_with_cache_headers(app: TestApp) {
        let uploaded = upload(&app).await;
        assert_eq!(uploaded.url, format!("/media/{}", uploaded.id));
        assert_eq!(uploaded.markdown, format!("![Describe the picture](/media/{})", uploaded.id));

        let (status, headers, bytes) = fetch(&app, &uploaded.url, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, header::CONTENT_TYPE), "image/jpeg");
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&headers, header::CONTENT_DISPOSITION), "inline");
        assert_eq!(header(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        let etag = header(&headers, header::ETAG).to_owned();
        assert_eq!(etag, format!("\"{}\"", uploaded.id));
        let served = image::load_from_memory(&bytes).unwrap();
        assert_eq!((served.width(), served.height()), (1600, 1200));

        let (status, headers, bytes) = fetch(&app, &uploaded.url, Some(&etag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(bytes.is_empty());
        assert_eq!(header(&headers, header::ETAG), etag);
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );

        let (status, _, _) = fetch(&app, &uploaded.url, Some("\"someone-else\"")).await;
        assert_eq!(status, StatusCode::OK);
    }

    async fn the_small_copy_is_served_narrower(app: TestApp) {
        let uploaded = upload(&app).await;
        assert_eq!(uploaded.small_url, format!("/media/{}/small", uploaded.id));
        let (status, headers, bytes) = fetch(&app, &uploaded.small_url, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, header::CONTENT_TYPE), "image/jpeg");
        let (_, _, full) = fetch(&app, &uploaded.url, None).await;
        assert!(bytes.len() < full.len());
        let small = image::load_from_memory(&bytes).unwrap();
        assert_eq!((small.width(), small.height()), (480, 360));
    }

    async fn a_second_instance_serves_the_same_picture(app: TestApp) {
        let uploaded = upload(&app).await;
        let other = app.second_instance().await;
        let (status, _, bytes) = fetch(&other, &uploaded.url, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(image::load_from_memory(&bytes).is_ok());
    }

    async fn unknown_and_malformed_ids_find_nothing(app: TestApp) {
        let uploaded = upload(&app).await;
        let mut browser = app.client();
        for path in [
            "/media/abcdefghijklmnopqrstuv".to_owned(),
            "/media/abcdefghijklmnopqrstuv/small".to_owned(),
            "/media/..%2F..%2FCargo.toml".to_owned(),
            "/media/..%2F..%2FCargo.toml/small".to_owned(),
            "/media/%00".to_owned(),
            format!("/media/{}%00", uploaded.id),
            format!("/media/{}/large", uploaded.id),
            format!("/media/{}.jpg", uploaded.id),
        ] {
            let page = browser.get(&path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
            assert!(page.header("content-type").starts_with("text/html"), "{path}");
            assert!(!page.body.contains("[package]"));
        }
    }

    async fn a_picture_too_large_for_the_memory_budget_is_refused_beside_the_field(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let picture = huge_transparent_png();
        assert!(picture.len() < 1024 * 1024, "{} bytes", picture.len());
        let fields = [("title", "Poster"), ("body", "Keep me."), ("labels", ""), ("action", "upload")];
        let file = crate::helpers::Upload { field: "image", file_name: "poster.png", content_type: "image/png", bytes: &picture };
        let page = author.post_multipart("/write", &fields, Some(file)).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("image").contains("too big for quire to open"), "{}", page.field_error("image"));
        assert_eq!(page.field_value("body"), "Keep me.");

        // Nothing broke: the next, ordinary picture is taken.
        let file = crate::helpers::Upload { field: "image", file_name: "zoo.jpg", content_type: "image/jpeg", bytes: &photo() };
        let page = author.post_multipart("/write", &fields, Some(file)).await;
        page.assert_status(StatusCode::OK);
        assert!(page.text("code.snippet").starts_with("![Describe the picture](/media/"));
    }
}
