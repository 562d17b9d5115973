//! Students' Markdown to safe HTML.
//!
//! pulldown-cmark parses (CommonMark with tables, footnotes and strikethrough); a
//! pass over its events (`pass`) turns a picture alone in a paragraph into a captioned
//! figure, a YouTube or Vimeo link alone in a paragraph into a click-to-play
//! placeholder (`video`), bare web addresses into links (`links`), every single line
//! break into a line break (as in a word processor), and renumbers headings so the
//! outline starts at h2 and never skips a level (`outline`: the post's title is the
//! page's only h1). Then ammonia sanitizes the result against an allow-list
//! (`sanitize`). `SafeHtml` is made here and nowhere else.
//!
//! The preview renders the same way and adds hints for the writer (a `#Heading`
//! without its space); the published page never carries them.

mod links;
mod outline;
mod pass;
mod safe;
mod sanitize;
mod video;

#[cfg(test)]
mod stage_timing;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use pass::Pass;
pub use safe::{MEDIA_PREFIX, PLACEHOLDER_DESCRIPTION, Picture, SafeHtml};
use sanitize::SANITIZER;
pub use sanitize::{highlight, render_comment};
pub use video::{VideoProvider, video_in};

/// A rendered post body.
#[derive(Debug)]
pub struct Rendered {
    /// The sanitized HTML.
    pub html: SafeHtml,
    /// The words of the body, without markup, for search and excerpts.
    pub text: String,
    /// How many pictures have no description (alt text).
    pub images_without_description: usize,
    /// The first picture of quire's own, for the page's preview image.
    pub first_image: Option<String>,
    /// Every picture of quire's own, in order, with its description.
    pub pictures: Vec<Picture>,
}

/// The Markdown quire reads: CommonMark with tables, footnotes and strikethrough.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to sanitized HTML and plain text, as readers see it.
///
/// Linear in the length of the input once `super::budget` accepted it (every
/// `Body` is checked so); the sanitizer's parser is quadratic in how deeply elements
/// nest, which the budget bounds. Runs on the calling thread: from async code use
/// `Body::render` or `PostContent::render`.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, false)
}

/// Renders Markdown as `render` does, with hints for the writer where the text
/// probably does not say what they meant (a `#Heading` without its space).
pub fn render_preview(markdown: &str) -> Rendered {
    render_with(markdown, true)
}

fn render_with(markdown: &str, hints: bool) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut pass = Pass::new(hints);
    let events = pass.transform(links::linkify(events));
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: SafeHtml(SANITIZER.clean(&raw).to_string()),
        text: pass.text.split_whitespace().collect::<Vec<_>>().join(" "),
        images_without_description: pass.images_without_description,
        first_image: pass.first_image,
        pictures: pass.pictures,
    }
}

/// Every picture of quire's own in `markdown`, in order, with its description as
/// written: what "Your pictures" offers again when the picture is inserted elsewhere.
/// Only parses (no rendering, no sanitizing), so it is cheap over all of a writer's posts.
pub fn pictures_in(markdown: &str) -> Vec<Picture> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut pictures = Vec::new();
    for (index, event) in events.iter().enumerate() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && dest_url.starts_with(MEDIA_PREFIX)
        {
            let rest = events.get(index + 1..).unwrap_or_default();
            let (description, _) = pass::collect_text(rest, TagEnd::Image);
            pictures.push(Picture {
                src: dest_url.to_string(),
                description: description.trim().to_owned(),
            });
        }
    }
    pictures
}

/// The description each picture was last given, reading `bodies` newest first (and
/// each body from its end): a picture inserted again gets the words the writer chose.
/// The upload's placeholder and an empty description do not count.
pub fn last_descriptions<'a>(bodies: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for body in bodies {
        for picture in pictures_in(body).into_iter().rev() {
            if !picture.lacks_description() {
                found.entry(picture.src).or_insert(picture.description);
            }
        }
    }
    found
}

/// The first `words` words of a text, with an ellipsis if it was cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut parts = text.split_whitespace();
    let head: Vec<&str> = parts.by_ref().take(words).collect();
    let cut = parts.next().is_some();
    let mut excerpt = head.join(" ");
    if cut {
        excerpt.push('…');
    }
    excerpt
}
