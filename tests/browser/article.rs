//! Ana's article: the text she types, the picture she draws, and how it should read.

use crate::driver::Browser;

/// The post's title.
pub const TITLE: &str = "How volcanoes work";

/// Ana's article, up to where her picture goes.
pub const BODY_START: &str = "Mount Etna is the tallest active volcano in Europe, and it erupts almost every year.[^etna]

# What happens inside

Deep under the ground the rock is so hot that it melts into *magma*. Magma is lighter than the rock around it, so it rises, and when the pressure is too high it bursts out as lava, ash and gas.[^magma]";

/// The rest of the article: a quotation, a table, a video alone on a line, footnotes.
pub const BODY_END: &str = "> A volcano is a place where the inside of the Earth comes outside.

# Famous eruptions

| Volcano | Year | Country |
|---|---|---|
| Vesuvius | 79 | Italy |
| Krakatoa | 1883 | Indonesia |
| Mount St. Helens | 1980 | United States |

[How volcanoes erupt](https://www.youtube.com/watch?v=lAmqsMQG3RM)

# Bibliography

[^etna]: Smithsonian Institution, *Global Volcanism Program: Etna*, 2024.
[^magma]: Rosaly Lopes, *The Volcano Adventure Guide*, Cambridge University Press, 2005.";

/// The caption Ana gives her picture.
pub const CAPTION: &str = "Our model volcano, drawn in class";

/// Characters on each full line of the article's longest paragraph, at desktop width.
const LINE_LENGTHS: &str = "var p = Array.from(document.querySelectorAll('main article p'))\
       .sort(function (a, b) { return b.textContent.length - a.textContent.length; })[0];\
     var lines = {}, range = document.createRange();\
     var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);\
     while (walker.nextNode()) {\
       var node = walker.currentNode;\
       if (node.parentElement.closest('sup')) continue;\
       for (var i = 0; i < node.length; i++) {\
         range.setStart(node, i); range.setEnd(node, i + 1);\
         var box = range.getClientRects()[0];\
         if (box) { var top = Math.round(box.bottom / 8); lines[top] = (lines[top] || 0) + 1; }\
       }\
     }\
     var counts = Object.keys(lines).sort(function (a, b) { return a - b; })\
       .map(function (k) { return lines[k]; });\
     return counts.slice(0, -1);";

/// A long article reads calmly: about 65 to 75 characters a line.
pub async fn lines_are_readable(browser: &Browser) {
    let counts = browser.run(LINE_LENGTHS).await;
    let counts: Vec<u64> = counts
        .as_array()
        .map(|c| c.iter().filter_map(serde_json::Value::as_u64).collect())
        .unwrap_or_default();
    assert!(!counts.is_empty(), "the article has full lines");
    eprintln!("characters a line in the article: {counts:?}");
    for count in &counts {
        assert!((58..=80).contains(count), "lines of {counts:?} characters");
    }
}

/// A small picture, drawn here: a volcano against the sky, saved as a PNG file.
pub fn picture_file() -> tempfile::NamedTempFile {
    let picture = image::RgbImage::from_fn(480, 320, |x, y| {
        let (x, y) = (x as i32, y as i32);
        let in_cone = y > 110 && (x - 240).abs() < (y - 110) * 3 / 2 + 20;
        if y < 100 && (x - 240).abs() < 30 - y / 5 && y > 40 {
            image::Rgb([220, 60, 20])
        } else if in_cone {
            image::Rgb([110, 80, 60])
        } else {
            image::Rgb([150, 200, 240])
        }
    });
    let file = tempfile::Builder::new()
        .suffix(".png")
        .tempfile()
        .expect("a temporary file");
    picture
        .save_with_format(file.path(), image::ImageFormat::Png)
        .expect("the picture is saved");
    file
}
