//! Imported posts' pictures are fetched from their old addresses (here, a picture
//! server of the test's own) and stored like uploads; one that cannot be fetched stays
//! a link and is reported; the web import refuses private addresses.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use quire::import::{Fetching, SourceKind};

use super::{count, fixture, import, import_with};
use crate::helpers::{TestApp, both};

/// A small PNG.
fn picture() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

/// Serves a PNG at every address except `…/missing.png`, on 127.0.0.1; answers its base.
pub async fn picture_server() -> String {
    let png = picture();
    let app = Router::new().fallback(move |uri: axum::http::Uri| {
        let png = png.clone();
        async move {
            if uri.path().ends_with("missing.png") {
                StatusCode::NOT_FOUND.into_response()
            } else {
                ([(header::CONTENT_TYPE, "image/png")], png).into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

both! {
    async fn pictures_are_fetched_and_a_missing_one_stays_a_link(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let server = picture_server().await;
        let dir = tempfile::tempdir().unwrap();
        let imported = import(&app, SourceKind::Blogger, &fixture(dir.path(), "blogger.xml", &server)).await.unwrap();
        assert_eq!(count(&app, "select count(*) from images").await, 1);
        let missed: Vec<&str> = imported.skipped.iter().filter(|s| s.what.starts_with("Picture")).map(|s| s.what.as_str()).collect();
        assert_eq!(missed, [format!("Picture {server}/missing.png in “Our Trip to the Volcano”")]);
        let page = app.client().get("/posts/our-trip-to-volcano").await;
        let figure = page.attributes(".post-body figure img", "src");
        assert!(figure.len() == 1 && figure[0].starts_with("/media/"), "{figure:?}");
        assert_eq!(page.text(".post-body figure figcaption"), "Lava at the top");
        app.client().get(&figure[0]).await.assert_status(StatusCode::OK);

        let wordpress = import(&app, SourceKind::WordPress, &fixture(dir.path(), "wordpress.xml", &server)).await.unwrap();
        assert!(wordpress.skipped.iter().all(|s| !s.what.starts_with("Picture")), "{:?}", wordpress.skipped);
        let page = app.client().get("/posts/butterflies").await;
        assert_eq!(page.texts(".post-body figure:not(.video) figcaption"), ["A painted lady", "The egg on a leaf"]);
        assert_eq!(count(&app, "select count(*) from images").await, 3);
    }

    async fn the_web_import_does_not_fetch_from_private_addresses(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let server = picture_server().await;
        let dir = tempfile::tempdir().unwrap();
        let file = fixture(dir.path(), "blogger.xml", &server);
        let imported = import_with(&app, SourceKind::Blogger, &file, &Fetching::web()).await.unwrap();
        assert_eq!(count(&app, "select count(*) from images").await, 0);
        let refused: Vec<&str> = imported.skipped.iter().filter(|s| s.what.starts_with("Picture")).map(|s| s.why.as_str()).collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].contains("private network address"), "{refused:?}");
    }
}
