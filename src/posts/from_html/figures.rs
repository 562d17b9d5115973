//! Pictures with captions and embedded videos, as quire's Markdown writes them: a
//! captioned picture is `![description](address "Caption")` alone in its paragraph, a
//! video is `[Title](YouTube or Vimeo address)` alone in its paragraph. Blog exports
//! (`<figure>`, iframes, old `<object>` players) and pastes of embed codes meet here.

use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, Node};
use markup5ever_rcdom::NodeData;

use super::nodes::{node_attribute, tag_of};
use crate::posts::markdown::video_in;

/// `<figure>`: a picture with its `<figcaption>`, or an embedded video (WordPress
/// wraps its embeds in one, sometimes as a bare address).
pub(super) fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let node = element.node;
    if let Some(player) = descendant(node, &|n| {
        matches!(tag_of(n), Some("iframe" | "embed" | "object"))
    }) {
        return video_markdown(&player);
    }
    if let Some(picture) = descendant(node, &|n| tag_of(n) == Some("img")) {
        let caption = descendant(node, &|n| tag_of(n) == Some("figcaption"))
            .map(|caption| text_of(&caption))
            .unwrap_or_default();
        return captioned_picture(node, &picture, &caption);
    }
    match video_in(&text_of(node)) {
        Some((provider, id)) => Some(video_line(
            provider.name(),
            &provider.watch_url(id.as_str()),
        )),
        None => handlers.fallback(element),
    }
}

/// An `<iframe>`, `<embed>` or `<object>` playing a YouTube or Vimeo video becomes
/// quire's video; any other embedded thing is dropped.
pub(super) fn video(_handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    video_markdown(element.node)
}

fn video_markdown(player: &Rc<Node>) -> Option<HandlerResult> {
    let address = player_address(player)?;
    let (provider, id) = video_in(&address)?;
    let title = node_attribute(player, "title")
        .map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| format!("{} video", provider.name()));
    Some(video_line(&title, &provider.watch_url(&id)))
}

fn video_line(title: &str, address: &str) -> HandlerResult {
    format!("\n\n[{}]({address})\n\n", escape_brackets(title)).into()
}

/// Where a player loads from: `src`, `data`, or an old `<param name="movie">`.
fn player_address(player: &Rc<Node>) -> Option<String> {
    let own = node_attribute(player, "src").or_else(|| node_attribute(player, "data"));
    let address = own.or_else(|| {
        let inner = descendant(player, &|n| {
            tag_of(n) == Some("embed")
                || (tag_of(n) == Some("param")
                    && node_attribute(n, "name")
                        .is_some_and(|name| name.eq_ignore_ascii_case("movie")))
        })?;
        node_attribute(&inner, "src").or_else(|| node_attribute(&inner, "value"))
    })?;
    Some(absolute(&address))
}

/// `![description](address "Caption")` for the picture `img` inside `container`. The
/// full-size picture a thumbnail links to is preferred (Blogger shows a small copy
/// and links the large one). Pictures not on the web are dropped.
pub(super) fn captioned_picture(
    container: &Rc<Node>,
    img: &Rc<Node>,
    caption: &str,
) -> Option<HandlerResult> {
    let linked = descendant(container, &|n| {
        tag_of(n) == Some("a")
            && node_attribute(n, "href").is_some_and(|href| is_picture_address(&href))
    })
    .and_then(|link| node_attribute(&link, "href"));
    let src = absolute(&linked.or_else(|| node_attribute(img, "src"))?);
    if !(src.starts_with("https://") || src.starts_with("http://") || src.starts_with("/media/")) {
        return None;
    }
    let caption = caption.split_whitespace().collect::<Vec<_>>().join(" ");
    let alt = node_attribute(img, "alt")
        .map(|alt| alt.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|alt| !alt.is_empty())
        .unwrap_or_else(|| caption.clone());
    let src = src
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29");
    let title = if caption.is_empty() {
        String::new()
    } else {
        format!(
            " \"{}\"",
            caption.replace('\\', "\\\\").replace('"', "\\\"")
        )
    };
    Some(format!("\n\n![{}]({src}{title})\n\n", escape_brackets(&alt)).into())
}

fn is_picture_address(href: &str) -> bool {
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp"]
        .iter()
        .any(|extension| path.ends_with(extension))
}

/// Protocol-relative addresses (`//www.youtube.com/…`) are read as https.
fn absolute(address: &str) -> String {
    let address = address.trim();
    match address.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => address.to_owned(),
    }
}

fn escape_brackets(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// The first element under `node` (depth first) that `wanted` accepts.
pub(super) fn descendant(node: &Rc<Node>, wanted: &dyn Fn(&Node) -> bool) -> Option<Rc<Node>> {
    for child in node.children.borrow().iter() {
        if wanted(child) {
            return Some(Rc::clone(child));
        }
        if let Some(found) = descendant(child, wanted) {
            return Some(found);
        }
    }
    None
}

/// The words under `node`, spaces collapsed.
pub(super) fn text_of(node: &Rc<Node>) -> String {
    fn collect(node: &Node, out: &mut String) {
        if let NodeData::Text { contents } = &node.data {
            out.push_str(&contents.borrow());
            out.push(' ');
        }
        for child in node.children.borrow().iter() {
            collect(child, out);
        }
    }
    let mut out = String::new();
    collect(node, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
