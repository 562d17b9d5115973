//! Screenshots of the main pages for the README, at desktop and phone width, taken
//! only when `QUIRE_SCREENSHOTS=1`. Each is cut to 256 colours to stay small. Whole-page
//! shots for reviewing the design go to `target/tmp/screenshots/`.

use std::path::{Path, PathBuf};

use crate::driver::Browser;

/// Desktop and phone viewports, in CSS pixels.
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1280, 800), ("phone", 375, 812)];

/// Whether this run should write screenshots.
pub fn wanted() -> bool {
    std::env::var("QUIRE_SCREENSHOTS").is_ok_and(|value| value == "1")
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
}

/// Saves `docs/screenshots/{stem}-desktop.png` and `{stem}-phone.png` of the page shown.
pub async fn take(browser: &Browser, stem: &str) {
    std::fs::create_dir_all(folder()).expect("the screenshots folder");
    for (size, width, height) in SIZES {
        browser.resize(width, height).await;
        browser
            .run("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
            .await;
        let png = browser.client.screenshot().await.expect("a screenshot");
        let small = fewer_colours(&png);
        std::fs::write(folder().join(format!("{stem}-{size}.png")), small)
            .expect("the screenshot is saved");
    }
    // The whole page too, for reviewing the design; not committed.
    let height = browser
        .run("return document.documentElement.scrollHeight;")
        .await;
    let height = height.as_u64().unwrap_or(800).min(8000) as u32;
    for (size, width) in [("desktop", 1280), ("phone", 375)] {
        browser.resize(width, height).await;
        let png = browser.client.screenshot().await.expect("a screenshot");
        let review = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&review).expect("a review folder");
        std::fs::write(
            review.join(format!("{stem}-{size}-full.png")),
            fewer_colours(&png),
        )
        .expect("the screenshot is saved");
    }
    browser.resize(1280, 800).await;
}

/// Re-encodes a PNG with a 256-colour palette (NeuQuant), which suits flat page colours.
fn fewer_colours(png: &[u8]) -> Vec<u8> {
    let image = image::load_from_memory(png)
        .expect("Chromium's PNG decodes")
        .to_rgba8();
    let (width, height) = image.dimensions();
    let pixels = image.into_raw();
    let quantizer = color_quant::NeuQuant::new(10, 256, &pixels);
    let indices: Vec<u8> = pixels
        .chunks_exact(4)
        .map(|p| quantizer.index_of(p) as u8)
        .collect();
    let palette: Vec<u8> = quantizer.color_map_rgb().into_iter().collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer.write_image_data(&indices).expect("the pixels");
    writer.finish().expect("the PNG ends");
    out
}

/// Saves `docs/screenshots/{stem}-{size}.png` at each of `sizes`, the page scrolled so
/// that the element at `xpath` is near the top.
pub async fn take_sized(browser: &Browser, stem: &str, sizes: &[(&str, u32, u32)], xpath: &str) {
    std::fs::create_dir_all(folder()).expect("the screenshots folder");
    for (size, width, height) in sizes {
        browser.resize(*width, *height).await;
        scroll_near(browser, xpath).await;
        let png = browser.client.screenshot().await.expect("a screenshot");
        std::fs::write(
            folder().join(format!("{stem}-{size}.png")),
            fewer_colours(&png),
        )
        .expect("the screenshot is saved");
    }
    browser.resize(1280, 800).await;
}

/// Saves `target/tmp/screenshots/{stem}-{width}.png` for reviewing the design (not
/// committed), the element at `xpath` scrolled near the top.
pub async fn review_at(browser: &Browser, stem: &str, width: u32, height: u32, xpath: &str) {
    browser.resize(width, height).await;
    scroll_near(browser, xpath).await;
    let png = browser.client.screenshot().await.expect("a screenshot");
    let review = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&review).expect("a review folder");
    std::fs::write(
        review.join(format!("{stem}-{width}.png")),
        fewer_colours(&png),
    )
    .expect("the screenshot is saved");
    browser.resize(1280, 800).await;
}

/// Scrolls so that the element at `xpath` is near the top, with nothing focused.
async fn scroll_near(browser: &Browser, xpath: &str) {
    let script = format!(
        "document.activeElement && document.activeElement.blur();\
         var e = document.evaluate({}, document, null, 9, null).singleNodeValue;\
         window.scrollTo(0, e ? e.getBoundingClientRect().top + window.scrollY - 120 : 0);",
        serde_json::json!(xpath)
    );
    browser.run(&script).await;
}
