//! The sanitizer's allow-list, and the two renderings that are not Markdown: comments
//! (plain text) and search snippets.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

use super::safe::{MEDIA_PREFIX, SafeHtml, escape};

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

/// What may stay in a post's HTML: everything else is removed.
pub(super) static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_tags(["figure", "figcaption", "section", "mark"])
        // What a browser never shows goes with its tag: the text an unclosed `<iframe>`
        // swallows would otherwise come back as escaped markup, longer than typed.
        .clean_content_tags(HashSet::from([
            "script", "style", "iframe", "noembed", "noframes",
        ]))
        .add_tag_attributes("img", ["loading", "title"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_allowed_classes("figure", ["video"])
        .add_allowed_classes("mark", ["heading-hint"])
        .add_allowed_classes("small", ["heading-hint"])
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
