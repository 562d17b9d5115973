//! A WordPress post's body as the HTML WordPress itself would show: the classic
//! editor stores paragraphs as blank lines (its `wpautop` adds the `<p>`s when
//! showing), captions as `[caption]` shortcodes and videos as `[embed]` shortcodes or
//! a bare address on its own line (oEmbed). All become plain HTML for the converter.

use crate::posts::markdown::video_in;

/// Elements that start a block of their own; a paragraph is never wrapped around them.
const BLOCKS: [&str; 16] = [
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<ul",
    "<ol",
    "<blockquote",
    "<table",
    "<figure",
    "<iframe",
    "<div",
    "<pre",
    "<hr",
    "<!--",
];

/// The body with shortcodes, oEmbed lines and paragraphs made into HTML.
pub fn to_html(content: &str) -> String {
    let content = content.replace("\r\n", "\n");
    let content = captions(&content);
    let content = embeds(&content);
    if content.contains("<p>") || content.contains("<p ") {
        return content;
    }
    paragraphs(&content)
}

/// `[caption …]<a><img></a> The words[/caption]` becomes a `<figure>`.
fn captions(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("[caption") {
        let Some(open_end) = rest[start..].find(']').map(|end| start + end + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("[/caption]").map(|at| open_end + at) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[open_end..close];
        let (picture, words) = match inner.rfind('>') {
            Some(at) => inner.split_at(at + 1),
            None => (inner, ""),
        };
        let words = match words.trim() {
            "" => shortcode_attribute(&rest[start..open_end], "caption").unwrap_or_default(),
            words => words.to_owned(),
        };
        out.push_str(&format!(
            "\n\n<figure>{picture}<figcaption>{words}</figcaption></figure>\n\n"
        ));
        rest = &rest[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    out
}

/// `[embed]address[/embed]`, and a YouTube or Vimeo address alone on its line, become
/// a player the converter turns into quire's video.
fn embeds(content: &str) -> String {
    let content = content.replace("[embed]", "\n").replace("[/embed]", "\n");
    content
        .lines()
        .map(|line| {
            let address = line.trim();
            match video_in(address) {
                Some(_) if !address.contains(char::is_whitespace) => {
                    format!("<iframe src=\"{}\"></iframe>", address.replace('"', "%22"))
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Blank lines separate paragraphs, a single line end is a line break.
fn paragraphs(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + 64);
    for block in content
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        if BLOCKS.iter().any(|tag| block.starts_with(tag)) {
            out.push_str(block);
        } else {
            out.push_str("<p>");
            out.push_str(&block.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out
}

fn shortcode_attribute(shortcode: &str, name: &str) -> Option<String> {
    let start = shortcode.find(&format!("{name}=\""))? + name.len() + 2;
    let end = shortcode[start..].find('"')? + start;
    Some(shortcode[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_shortcode_becomes_a_figure() {
        let html = to_html(
            "Before.\n\n[caption id=\"a\" width=\"300\"]<a href=\"http://x/big.jpg\"><img src=\"http://x/s.jpg\" alt=\"Lava\" /></a> Hot lava[/caption]",
        );
        assert!(html.contains("<figure><a href=\"http://x/big.jpg\"><img src=\"http://x/s.jpg\" alt=\"Lava\" /></a><figcaption>Hot lava</figcaption></figure>"), "{html}");
        assert!(html.contains("<p>Before.</p>"), "{html}");
    }

    #[test]
    fn embeds_and_video_lines_become_players() {
        let html = to_html(
            "[embed]https://vimeo.com/76979871[/embed]\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nSee https://youtu.be/dQw4w9WgXcQ here",
        );
        assert!(
            html.contains("<iframe src=\"https://vimeo.com/76979871\"></iframe>"),
            "{html}"
        );
        assert!(
            html.contains("<iframe src=\"https://youtu.be/dQw4w9WgXcQ\"></iframe>"),
            "{html}"
        );
        assert!(
            html.contains("<p>See https://youtu.be/dQw4w9WgXcQ here</p>"),
            "{html}"
        );
    }

    #[test]
    fn blank_lines_are_paragraphs_and_single_ends_are_breaks() {
        assert_eq!(
            to_html("One\ntwo\n\n<h2>Three</h2>"),
            "<p>One<br>\ntwo</p>\n<h2>Three</h2>\n"
        );
    }
}
