//! Bare web addresses in text become links.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Turns bare web addresses in text into links (outside links, pictures and code).
pub(super) fn linkify(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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
