//! Students' Markdown to safe HTML.
//!
//! pulldown-cmark parses (CommonMark with tables, footnotes and strikethrough); a
//! pass over its events turns a picture alone in a paragraph into a captioned
//! figure, a YouTube or Vimeo link alone in a paragraph into a click-to-play
//! placeholder, bare web addresses into links, and shifts headings down a level
//! (the post's title is the page's only h1). Then ammonia sanitizes the result
//! against an allow-list. `SafeHtml` is made here and nowhere else.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

/// HTML that went through the sanitizer: the only text a template prints unescaped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Wraps HTML read back from the database, where only `render` output is stored.
    pub fn from_stored(html: String) -> SafeHtml {
        SafeHtml(html)
    }

    /// The HTML, for storing.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the first picture of quire's own, for a page's preview image.
    pub fn first_image(&self) -> Option<&str> {
        let start = self.0.find("<img src=\"/media/")? + "<img src=\"".len();
        let end = self.0[start..].find('"')?;
        Some(&self.0[start..start + end])
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for SafeHtml {}

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
}

/// Where quire serves uploaded pictures; any other picture is shown as a link, so no
/// page makes a request to another site.
pub const MEDIA_PREFIX: &str = "/media/";

/// The Markdown quire reads: CommonMark with tables, footnotes and strikethrough.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to sanitized HTML and plain text.
///
/// Linear in the length of the input once `super::budget` accepted it (every
/// `Body` is checked so); the sanitizer's parser is quadratic in how deeply elements
/// nest, which the budget bounds. Runs on the calling thread: from async code use
/// `Body::render` or `PostContent::render`.
pub fn render(markdown: &str) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut pass = Pass::default();
    let events = pass.transform(linkify(events));
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: SafeHtml(SANITIZER.clean(&raw).to_string()),
        text: pass.text.split_whitespace().collect::<Vec<_>>().join(" "),
        images_without_description: pass.images_without_description,
        first_image: pass.first_image,
    }
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

/// A comment's plain text as HTML: paragraphs at blank lines, line breaks kept, web
/// addresses made links. Nothing the commenter types is markup.
pub fn render_comment(text: &str) -> SafeHtml {
    let mut html = String::with_capacity(text.len() + 64);
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        for (index, line) in paragraph.lines().enumerate() {
            if index > 0 {
                html.push_str("<br>\n");
            }
            for (index, word) in line.split(' ').enumerate() {
                if index > 0 {
                    html.push(' ');
                }
                let address = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
                let is_link = (address.starts_with("https://") || address.starts_with("http://"))
                    && address.len() > "https://".len();
                if is_link {
                    html.push_str(&format!(
                        "<a href=\"{0}\">{0}</a>{1}",
                        escape(address),
                        escape(&word[address.len()..])
                    ));
                } else {
                    html.push_str(&escape(word));
                }
            }
        }
        html.push_str("</p>\n");
    }
    SafeHtml(SANITIZER.clean(&html).to_string())
}

/// Up to `max_words` words of `text` around the first match of any of `words`, with
/// every matching word in `<mark>`; for search results.
pub fn highlight(text: &str, words: &[String], max_words: usize) -> SafeHtml {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let matches = |token: &str| {
        let lower = token.to_lowercase();
        words.iter().any(|w| lower.contains(w.as_str()))
    };
    let first = tokens.iter().position(|t| matches(t)).unwrap_or(0);
    let start = first.saturating_sub(max_words / 3);
    let end = start.saturating_add(max_words).min(tokens.len());
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    for (index, token) in tokens[start..end].iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if matches(token) {
            out.push_str("<mark>");
            out.push_str(&escape(token));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(token));
        }
    }
    if end < tokens.len() {
        out.push_str(" …");
    }
    SafeHtml(out)
}

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_tags(["figure", "figcaption", "section", "mark"])
        .add_tag_attributes("img", ["loading", "title"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_allowed_classes("figure", ["video"])
        .add_allowed_classes("a", ["video-placeholder"])
        .add_allowed_classes("span", ["video-play", "video-title"])
        .add_allowed_classes("div", ["footnote-definition", "table-scroll"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer ugc"))
        // Ids only for footnotes, always "fn-…": never a name a script could collide with.
        // Pictures only from quire itself: raw HTML may not make readers fetch anything.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            (_, "id") if !value.starts_with("fn-") => None,
            ("img", "src") if !value.starts_with(MEDIA_PREFIX) => None,
            _ => Some(value.into()),
        });
    builder
});

/// A video site quire knows how to embed without tracking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoProvider {
    /// Played from youtube-nocookie.com.
    YouTube,
    /// Played with Vimeo's do-not-track player.
    Vimeo,
}

impl VideoProvider {
    /// The name in quire's own addresses (`/embed/youtube/…`).
    pub fn slug(self) -> &'static str {
        match self {
            VideoProvider::YouTube => "youtube",
            VideoProvider::Vimeo => "vimeo",
        }
    }

    /// Reads a provider from its slug.
    pub fn from_slug(slug: &str) -> Option<VideoProvider> {
        match slug {
            "youtube" => Some(VideoProvider::YouTube),
            "vimeo" => Some(VideoProvider::Vimeo),
            _ => None,
        }
    }

    /// The name people know.
    pub fn name(self) -> &'static str {
        match self {
            VideoProvider::YouTube => "YouTube",
            VideoProvider::Vimeo => "Vimeo",
        }
    }

    /// Whether `id` has the shape of this provider's video ids.
    pub fn is_valid_id(self, id: &str) -> bool {
        match self {
            VideoProvider::YouTube => {
                id.len() == 11
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            }
            VideoProvider::Vimeo => {
                (1..=12).contains(&id.len()) && id.chars().all(|c| c.is_ascii_digit())
            }
        }
    }

    /// The privacy-enhanced player's address, loaded only after a person asks.
    pub fn player_url(self, id: &str) -> String {
        match self {
            VideoProvider::YouTube => {
                format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")
            }
            VideoProvider::Vimeo => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
        }
    }

    /// The video's own page on the provider's site.
    pub fn watch_url(self, id: &str) -> String {
        match self {
            VideoProvider::YouTube => format!("https://www.youtube.com/watch?v={id}"),
            VideoProvider::Vimeo => format!("https://vimeo.com/{id}"),
        }
    }
}

/// Recognizes a YouTube or Vimeo address and returns the video it names.
pub fn video_in(address: &str) -> Option<(VideoProvider, String)> {
    let url = url::Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let mut segments = url.path_segments()?.filter(|s| !s.is_empty());
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let first = segments.next();
            let id = match first {
                Some("watch") => url
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .map(|(_, v)| v.into_owned()),
                Some("embed" | "shorts" | "live") => segments.next().map(str::to_owned),
                _ => None,
            }?;
            (VideoProvider::YouTube, id)
        }
        "youtu.be" => (VideoProvider::YouTube, segments.next()?.to_owned()),
        "vimeo.com" => (VideoProvider::Vimeo, segments.next()?.to_owned()),
        "player.vimeo.com" => match segments.next() {
            Some("video") => (VideoProvider::Vimeo, segments.next()?.to_owned()),
            _ => return None,
        },
        _ => return None,
    };
    provider.is_valid_id(&id).then_some((provider, id))
}

/// Turns bare web addresses in text into links (outside links, pictures and code).
fn linkify(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut inside_link = 0usize;
    let mut inside_code = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => inside_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => inside_link = inside_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => inside_code += 1,
            Event::End(TagEnd::CodeBlock) => inside_code = inside_code.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(text) if inside_link == 0 && inside_code == 0 && text.contains("http") => {
                split_addresses(&text, &mut out);
            }
            other => out.push(other),
        }
    }
    out
}

fn split_addresses<'a>(text: &str, out: &mut Vec<Event<'a>>) {
    let mut rest = text;
    while let Some(start) = find_address(rest) {
        let tail = &rest[start..];
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let address = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        if address.len() <= "https://".len() {
            out.push(Event::Text(CowStr::from(rest[..start + end].to_owned())));
            rest = &rest[start + end..];
            continue;
        }
        if start > 0 {
            out.push(Event::Text(CowStr::from(rest[..start].to_owned())));
        }
        let link = Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(address.to_owned()),
            title: CowStr::from(""),
            id: CowStr::from(""),
        };
        out.push(Event::Start(link));
        out.push(Event::Text(CowStr::from(address.to_owned())));
        out.push(Event::End(TagEnd::Link));
        rest = &rest[start + address.len()..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_owned())));
    }
}

/// Where the first `http://` or `https://` starts. One pass over the text: searching
/// for each prefix apart scanned the whole rest of a long text once per address.
fn find_address(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        let rest = &text[start + "http".len()..];
        if rest.starts_with("://") || rest.starts_with("s://") {
            return Some(start);
        }
        from = start + "http".len();
    }
    None
}

/// The transforming pass over the parser's events, collecting facts on the way.
#[derive(Default)]
struct Pass {
    text: String,
    images_without_description: usize,
    first_image: Option<String>,
}

impl Pass {
    fn transform<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut index = 0;
        while index < events.len() {
            if let Some((html, consumed)) = self.paragraph_of_one(&events[index..]) {
                out.push(Event::Html(CowStr::from(html)));
                index += consumed;
                continue;
            }
            let event = events[index].clone();
            index += 1;
            match event {
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let (alt, consumed) = collect_text(&events[index..], TagEnd::Image);
                    index += consumed;
                    out.push(Event::Html(CowStr::from(
                        self.inline_image(&dest_url, &title, &alt),
                    )));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    out.push(Event::Start(Tag::Heading {
                        level: shift(level),
                        id,
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    self.text.push(' ');
                    out.push(Event::End(TagEnd::Heading(shift(level))));
                }
                // A wide table scrolls inside its own box instead of widening a phone's page.
                Event::Start(Tag::Table(alignments)) => {
                    out.push(Event::Html(CowStr::from("<div class=\"table-scroll\">")));
                    out.push(Event::Start(Tag::Table(alignments)));
                }
                Event::End(TagEnd::Table) => {
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html(CowStr::from("</div>")));
                }
                Event::FootnoteReference(label) => {
                    out.push(Event::FootnoteReference(CowStr::from(format!(
                        "fn-{label}"
                    ))));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    out.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                        format!("fn-{label}"),
                    ))));
                }
                Event::Text(ref text) | Event::Code(ref text) => {
                    self.text.push_str(text);
                    out.push(event);
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.text.push(' ');
                    out.push(event);
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
                ) => {
                    self.text.push(' ');
                    out.push(event);
                }
                other => out.push(other),
            }
        }
        out
    }

    /// A paragraph holding only a picture or only a video link becomes a figure.
    fn paragraph_of_one(&mut self, events: &[Event<'_>]) -> Option<(String, usize)> {
        let [Event::Start(Tag::Paragraph), Event::Start(inner), rest @ ..] = events else {
            return None;
        };
        let end = match inner {
            Tag::Image { .. } => TagEnd::Image,
            Tag::Link { .. } => TagEnd::Link,
            _ => return None,
        };
        let (label, consumed) = collect_text(rest, end);
        let after = rest.get(consumed)?;
        if !matches!(after, Event::End(TagEnd::Paragraph)) {
            return None;
        }
        let html = match inner {
            Tag::Image {
                dest_url, title, ..
            } if dest_url.starts_with(MEDIA_PREFIX) => self.figure(dest_url, title, &label),
            Tag::Link { dest_url, .. } => {
                let (provider, id) = video_in(dest_url)?;
                let title = if label.trim() == dest_url.trim() {
                    format!("{} video", provider.name())
                } else {
                    label.clone()
                };
                self.text.push_str(&title);
                self.text.push(' ');
                video_placeholder(provider, &id, &title)
            }
            _ => return None,
        };
        Some((html, consumed + 3))
    }

    fn figure(&mut self, src: &str, title: &str, alt: &str) -> String {
        self.note_image(src, alt);
        let caption = if title.trim().is_empty() { alt } else { title };
        self.text.push_str(caption);
        self.text.push(' ');
        format!(
            "<figure><img src=\"{}\" alt=\"{}\" loading=\"lazy\"><figcaption>{}</figcaption></figure>",
            escape(src),
            escape(alt),
            escape(caption)
        )
    }

    fn inline_image(&mut self, src: &str, title: &str, alt: &str) -> String {
        if !src.starts_with(MEDIA_PREFIX) {
            // A picture from another site would make every reader's browser ask that site.
            let label = if alt.trim().is_empty() { src } else { alt };
            return format!("<a href=\"{}\">Picture: {}</a>", escape(src), escape(label));
        }
        self.note_image(src, alt);
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        format!(
            "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\">",
            escape(src),
            escape(alt)
        )
    }

    fn note_image(&mut self, src: &str, alt: &str) {
        if alt.trim().is_empty() {
            self.images_without_description += 1;
        }
        if self.first_image.is_none() {
            self.first_image = Some(src.to_owned());
        }
    }
}

fn video_placeholder(provider: VideoProvider, id: &str, title: &str) -> String {
    format!(
        "<figure class=\"video\"><a class=\"video-placeholder\" href=\"/embed/{}/{}\">\
         <span class=\"video-play\" aria-hidden=\"true\">▶</span> \
         <span class=\"video-title\">Play video: {}</span></a>\
         <figcaption>{} video. It loads from {} only when you press play. \
         <a href=\"{}\">Open it on {}</a></figcaption></figure>",
        provider.slug(),
        id,
        escape(title),
        provider.name(),
        provider.name(),
        escape(&provider.watch_url(id)),
        provider.name(),
    )
}

/// The text inside an element up to its end tag, and how many events that took.
fn collect_text(events: &[Event<'_>], end: TagEnd) -> (String, usize) {
    let mut text = String::new();
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::End(found) if *found == end => return (text, index + 1),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (text, events.len())
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html.0
    }

    #[test]
    fn a_picture_alone_becomes_a_captioned_figure() {
        let out = html("![A red volcano](/media/abc \"Mount Etna\")");
        assert!(
            out.contains("<figure><img src=\"/media/abc\" alt=\"A red volcano\""),
            "{out}"
        );
        assert!(out.contains("<figcaption>Mount Etna</figcaption>"), "{out}");
        let out = html("![A red volcano](/media/abc)");
        assert!(
            out.contains("<figcaption>A red volcano</figcaption>"),
            "{out}"
        );
    }

    #[test]
    fn the_first_picture_is_found_for_link_previews() {
        let rendered = render("Text\n\n![Lava](/media/abc)\n\n![Ash](/media/def)");
        assert_eq!(rendered.html.first_image(), Some("/media/abc"));
        assert_eq!(render("no pictures").html.first_image(), None);
    }

    #[test]
    fn pictures_without_a_description_are_counted() {
        assert_eq!(render("![](/media/abc)").images_without_description, 1);
        assert_eq!(
            render("Text ![ ](/media/abc) more").images_without_description,
            1
        );
        assert_eq!(render("![ok](/media/abc)").images_without_description, 0);
    }

    #[test]
    fn pictures_from_other_sites_become_links() {
        let out = html("![tracker](https://evil.example/pixel.gif)");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("href=\"https://evil.example/pixel.gif\""),
            "{out}"
        );
    }

    #[test]
    fn a_video_link_alone_becomes_a_placeholder_that_loads_nothing() {
        let out = html("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        assert!(out.contains("href=\"/embed/youtube/dQw4w9WgXcQ\""), "{out}");
        assert!(out.contains("Play video: YouTube video"), "{out}");
        assert!(!out.contains("<iframe"), "{out}");
        let out = html("[How volcanoes erupt](https://vimeo.com/123456)");
        assert!(out.contains("href=\"/embed/vimeo/123456\""), "{out}");
        assert!(out.contains("Play video: How volcanoes erupt"), "{out}");
    }

    #[test]
    fn a_video_link_inside_a_sentence_stays_a_link() {
        let out = html("Watch https://youtu.be/dQw4w9WgXcQ now");
        assert!(!out.contains("video-placeholder"), "{out}");
        assert!(
            out.contains("href=\"https://youtu.be/dQw4w9WgXcQ\""),
            "{out}"
        );
    }

    #[test]
    fn video_addresses_are_recognized_in_their_usual_forms() {
        for address in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ] {
            assert_eq!(
                video_in(address),
                Some((VideoProvider::YouTube, "dQw4w9WgXcQ".into())),
                "{address}"
            );
        }
        assert_eq!(
            video_in("https://player.vimeo.com/video/42"),
            Some((VideoProvider::Vimeo, "42".into()))
        );
        assert_eq!(video_in("https://youtube.com/watch?v=<script>"), None);
        assert_eq!(video_in("https://evil.example/watch?v=dQw4w9WgXcQ"), None);
        assert_eq!(video_in("javascript:alert(1)"), None);
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let out = html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n\
             <iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"/x\" onclick=\"alert(4)\">x</a>",
        );
        assert!(!out.contains("src=\"x\""), "{out}");
        for bad in ["<script", "onerror", "javascript:", "<iframe", "onclick"] {
            assert!(!out.contains(bad), "{bad} survived: {out}");
        }
    }

    #[test]
    fn student_links_carry_ugc_rel() {
        let out = html("[my source](https://example.org/volcanoes)");
        assert!(out.contains("rel=\"noopener noreferrer ugc\""), "{out}");
    }

    #[test]
    fn bare_addresses_become_links() {
        let out = html("See https://example.org/page, it is good.");
        assert!(
            out.contains("<a href=\"https://example.org/page\""),
            "{out}"
        );
        assert!(out.contains("</a>, it is good."), "{out}");
    }

    #[test]
    fn headings_move_down_a_level() {
        let out = html("# Introduction\n\n## Sources");
        assert!(out.contains("<h2>Introduction</h2>"), "{out}");
        assert!(out.contains("<h3>Sources</h3>"), "{out}");
    }

    #[test]
    fn a_table_sits_in_its_own_scrolling_box() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(
            out.starts_with("<div class=\"table-scroll\"><table>"),
            "{out}"
        );
        assert!(out.replace('\n', "").ends_with("</table></div>"), "{out}");
    }

    #[test]
    fn tables_strikethrough_and_footnotes_render() {
        let out = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: Smith, *Volcanoes*, 2019.",
        );
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("href=\"#fn-1\""), "{out}");
        assert!(out.contains("id=\"fn-1\""), "{out}");
    }

    #[test]
    fn ids_other_than_footnotes_are_dropped() {
        let out = html("<div id=\"main\">hi</div>");
        assert!(!out.contains("id=\"main\""), "{out}");
    }

    #[test]
    fn search_matches_are_marked_and_the_rest_escaped() {
        let words = vec!["lava".to_owned()];
        let out = highlight("Hot <b>lava</b> flows; LAVA cools.", &words, 50).0;
        assert_eq!(
            out,
            "Hot <mark>&lt;b&gt;lava&lt;/b&gt;</mark> flows; <mark>LAVA</mark> cools."
        );
        let long = format!("{} lava {}", "word ".repeat(50), "word ".repeat(50));
        let out = highlight(&long, &words, 12).0;
        assert!(
            out.starts_with("… ") && out.ends_with(" …") && out.contains("<mark>lava</mark>"),
            "{out}"
        );
    }

    #[test]
    fn comments_are_plain_text_with_paragraphs_and_links() {
        let out =
            render_comment("Great post!\nReally.\n\n<b>bold</b> see https://example.org/x.").0;
        assert_eq!(
            out,
            "<p>Great post!<br>\nReally.</p>\n<p>&lt;b&gt;bold&lt;/b&gt; see \
             <a href=\"https://example.org/x\" rel=\"noopener noreferrer ugc\">https://example.org/x</a>.</p>\n"
        );
        let out = render_comment("javascript:alert(1) <script>x</script> \"quoted\"").0;
        assert!(!out.contains("<script") && !out.contains("href"), "{out}");
    }

    #[test]
    fn plain_text_and_excerpts_skip_markup() {
        let rendered = render("# Title\n\nSome *bold* text and `code`.");
        assert_eq!(rendered.text, "Title Some bold text and code.");
        assert_eq!(excerpt("one two three four", 3), "one two three…");
        assert_eq!(excerpt("one two", 3), "one two");
    }
}

/// Where rendering time goes, stage by stage, for hostile shapes:
/// `SIZES=2500,5000,10000 cargo test --lib stage_timing -- --ignored --nocapture`.
/// Prints; asserts nothing. `examples/markdown_budget.rs` times whole renders.
#[cfg(test)]
mod stage_timing {
    use super::*;
    use std::time::Instant;

    type Shape = (&'static str, fn(usize) -> String);

    const SHAPES: &[Shape] = &[
        (">", |n| format!("{} x", ">".repeat(n))),
        ("- ", |n| format!("{}x", "- ".repeat(n / 2))),
        ("* ", |n| format!("{}x", "* ".repeat(n / 2))),
        ("1. ", |n| format!("{}x", "1. ".repeat(n / 3))),
        ("> - ", |n| format!("{}x", "> - ".repeat(n / 4))),
        ("[", |n| "[".repeat(n)),
        ("[x](", |n| "[x](".repeat(n / 4)),
        ("*", |n| format!("a{}a", "*".repeat(n))),
        ("*a", |n| "*a".repeat(n / 2)),
        ("`a", |n| "`a".repeat(n / 2)),
        ("|", |n| format!("|a|\n|-|\n{}", "|".repeat(n))),
        ("table rows", |n| {
            format!("{}\n{}", "|a".repeat(n / 8), "|-".repeat(n / 8)) + &"\n|x".repeat(n / 4)
        }),
        ("[^i] defs", |n| {
            (0..n / 12)
                .map(|i| format!("[^{i}]\n\n[^{i}]: x\n"))
                .collect()
        }),
        ("[^a] refs", |n| {
            format!("{}\n\n[^a]: x", "[^a]".repeat(n / 4))
        }),
        ("links", |n| "[a](b) ".repeat(n / 7)),
        ("ref links", |n| {
            (0..n / 16)
                .map(|i| format!("[a{i}][]\n[a{i}]: /x\n"))
                .collect()
        }),
        ("![", |n| "![a](/media/x) ".repeat(n / 15)),
        ("urls", |n| "http://a.b ".repeat(n / 11)),
        ("<a>", |n| "<a>".repeat(n / 3)),
        ("<div>", |n| "<div>".repeat(n / 5)),
        ("lines", |n| "a\n".repeat(n / 2)),
        ("headings", |n| "# a\n".repeat(n / 4)),
        ("~~a", |n| "~~a".repeat(n / 3)),
    ];

    #[test]
    #[ignore = "prints timings; run by hand"]
    fn stages() {
        let sizes: Vec<usize> = std::env::var("SIZES")
            .unwrap_or_else(|_| "2500,5000,10000".into())
            .split(',')
            .filter_map(|s| s.parse().ok())
            .collect();
        for (name, make) in SHAPES {
            for &n in &sizes {
                let md = make(n);
                let t = Instant::now();
                let events: Vec<Event<'_>> = Parser::new_ext(&md, options()).collect();
                let (parse, count) = (t.elapsed(), events.len());
                let t = Instant::now();
                let events = linkify(events);
                let link = t.elapsed();
                let t = Instant::now();
                let events = Pass::default().transform(events);
                let pass = t.elapsed();
                let t = Instant::now();
                let mut raw = String::new();
                html::push_html(&mut raw, events.into_iter());
                let push = t.elapsed();
                let t = Instant::now();
                let clean = SANITIZER.clean(&raw).to_string();
                let sanitize = t.elapsed();
                let t = Instant::now();
                let _ = render_comment(&md);
                let comment = t.elapsed();
                println!(
                    "{name:10} {:>6} chars {count:>6} events: parse {parse:>8.1?} linkify {link:>7.1?} \
                     pass {pass:>7.1?} html {push:>7.1?} ({:>7} B) sanitize {sanitize:>8.1?} \
                     ({:>7} B) comment {comment:>7.1?}",
                    md.len(),
                    raw.len(),
                    clean.len(),
                );
            }
        }
    }
}
