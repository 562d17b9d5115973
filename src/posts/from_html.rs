//! HTML to quire's Markdown: what a student pastes from Google Docs, Word, LibreOffice or
//! a web page becomes the Markdown they would have typed. One function, so the blog
//! importers use the same conversion as the editor.
//!
//! The htmd crate does the conversion (headings, emphasis, links, lists, quotes, tables,
//! pictures); `figures` turns captioned pictures and embedded YouTube or Vimeo players
//! (Blogger's caption tables, `<figure>`, iframes, old `<object>` players) into quire's
//! own; the handlers here drop the word processors' styling junk: Google Docs wraps
//! everything in `<b style="font-weight:normal" id="docs-internal-guid-…">` and marks bold
//! and italic with styled `<span>`s, Word adds `<o:p>`, `mso-` styles and symbol-font
//! bullets, and Docs routes links through `google.com/url?q=…`.

use std::sync::LazyLock;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BulletListMarker, Options};
use htmd::{Element, HtmlToMarkdown};

use super::budget;

mod figures;
mod nodes;
mod tables;

use nodes::attribute;

/// Largest paste converted, in bytes: a long document with its styling is a few hundred KB.
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;
/// Most elements inside each other in a paste; the conversion walks the tree recursively,
/// so a hostile paste could otherwise exhaust a thread's stack.
pub const MAX_PASTE_DEPTH: usize = 200;

/// Why a paste is not converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteRefused {
    /// Over [`MAX_PASTE_BYTES`].
    #[error("the pasted text is larger than 1 MB")]
    TooLarge,
    /// Elements nested deeper than [`MAX_PASTE_DEPTH`].
    #[error("the pasted text is nested too deeply")]
    TooDeep,
}

impl PasteRefused {
    /// What the writer reads.
    pub fn message(self) -> &'static str {
        match self {
            PasteRefused::TooLarge => {
                "That is too much to paste at once (more than 1 MB). Paste it in parts."
            }
            PasteRefused::TooDeep => {
                "quire could not read the formatting of what you pasted. \
                 Paste it as plain text (Ctrl+Shift+V)."
            }
        }
    }
}

/// Whether a paste may be converted: bounded in size and in nesting. Linear.
pub fn check(html: &str) -> Result<(), PasteRefused> {
    if html.len() > MAX_PASTE_BYTES {
        return Err(PasteRefused::TooLarge);
    }
    // `<svg>` and the like are refused in posts but only dropped here; the depth counts.
    if budget::html_depth_ignoring_refusals(html) > MAX_PASTE_DEPTH {
        return Err(PasteRefused::TooDeep);
    }
    Ok(())
}

/// The Markdown for pasted HTML; empty for a paste that [`check`] refuses.
pub fn to_markdown(html: &str) -> String {
    if check(html).is_err() {
        return String::new();
    }
    let markdown = CONVERTER.convert(html).unwrap_or_default();
    tidy(&markdown)
}

static CONVERTER: LazyLock<HtmlToMarkdown> = LazyLock::new(|| {
    let options = Options {
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Options::default()
    };
    HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec![
            "script", "style", "head", "title", "meta", "link", "o:p", "svg", "math",
        ])
        .add_handler(vec!["b"], docs_wrapper)
        .add_handler(vec!["span"], styled_span)
        .add_handler(vec!["img"], picture)
        .add_handler(vec!["a"], link)
        .add_handler(vec!["table"], tables::table)
        .add_handler(vec!["figure"], figures::figure)
        .add_handler(vec!["iframe", "embed", "object"], figures::video)
        .build()
});

/// Google Docs' `<b style="font-weight:normal">` around everything is not bold.
fn docs_wrapper(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let style = attribute(&element, "style").unwrap_or_default();
    if style_says(&style, "font-weight", &["normal", "400"]) {
        return Some(handlers.walk_children(element.node));
    }
    handlers.fallback(element)
}

/// A span styled bold or italic (Docs, Word) becomes `**…**` or `*…*`.
fn styled_span(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let style = attribute(&element, "style").unwrap_or_default();
    let bold = style_says(
        &style,
        "font-weight",
        &["bold", "bolder", "600", "700", "800", "900"],
    );
    let italic = style_says(&style, "font-style", &["italic", "oblique"]);
    if !bold && !italic {
        return handlers.fallback(element);
    }
    let content = handlers.walk_children(element.node).content;
    let inner = content.trim();
    if inner.is_empty() {
        return Some(content.into());
    }
    let marker = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        _ => "*",
    };
    // Spaces stay outside the markers, or the emphasis would not be read as emphasis.
    let lead = &content[..content.len() - content.trim_start().len()];
    let trail = &content[content.trim_end().len()..];
    Some(format!("{lead}{marker}{inner}{marker}{trail}").into())
}

/// Pictures on the web stay as pictures (quire shows them as links to the original);
/// pictures only on the writer's computer or inside the paste (`file:`, `data:`) are dropped.
fn picture(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let src = attribute(&element, "src").unwrap_or_default();
    if src.starts_with("https://") || src.starts_with("http://") || src.starts_with("/media/") {
        return handlers.fallback(element);
    }
    None
}

/// A link routed through Google's redirector points at its real address.
fn link(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let href = attribute(&element, "href").unwrap_or_default();
    let Some(target) = google_redirect_target(&href) else {
        return handlers.fallback(element);
    };
    let text = handlers.walk_children(element.node).content;
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(format!("[{text}]({})", target.replace(' ', "%20")).into())
}

fn google_redirect_target(href: &str) -> Option<String> {
    let url = url::Url::parse(href).ok()?;
    let host = url.host_str()?;
    if !(host == "www.google.com" || host == "google.com") || url.path() != "/url" {
        return None;
    }
    let (_, target) = url.query_pairs().find(|(key, _)| key == "q")?;
    (target.starts_with("https://") || target.starts_with("http://")).then(|| target.into_owned())
}

/// Whether an inline style sets `property` to one of `values`.
fn style_says(style: &str, property: &str, values: &[&str]) -> bool {
    style.split(';').any(|declaration| {
        declaration.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case(property)
                && values.iter().any(|v| {
                    value
                        .trim()
                        .trim_end_matches("!important")
                        .trim()
                        .eq_ignore_ascii_case(v)
                })
        })
    })
}

/// Word's symbol-font bullets become list items, non-breaking spaces plain ones, line
/// ends lose their trailing spaces (a line break is a line break in quire), and blank
/// lines come at most two at a time.
/// The bullets Word writes as text in a symbol font.
const BULLETS: [char; 5] = ['·', '•', '▪', '◦', '\u{f0b7}'];

fn is_item(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("- ")
        || line.starts_with(BULLETS)
        || line.split_once(". ").is_some_and(|(number, _)| {
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
        })
}

fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let text = markdown.replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut blank_lines = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.is_empty() {
            blank_lines += 1;
            // A blank line between two items would make a loose list (items as paragraphs).
            let between_items = index > 0
                && is_item(lines[index - 1])
                && lines.get(index + 1).is_some_and(|next| is_item(next));
            if blank_lines > 1 || between_items {
                continue;
            }
        } else {
            blank_lines = 0;
        }
        let trimmed = line.trim_start();
        match trimmed.strip_prefix(BULLETS) {
            Some(rest) => {
                out.push_str("- ");
                out.push_str(rest.trim_start());
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests;
