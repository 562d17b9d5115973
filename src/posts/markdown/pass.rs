//! The pass over the parser's events that makes quire's HTML: figures and video
//! placeholders, line breaks, the heading outline, footnote ids, table boxes, and (in
//! the preview only) hints for the writer. It collects the plain text and the pictures
//! on the way.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::outline::Outline;
use super::safe::{MEDIA_PREFIX, Picture, escape};
use super::video::{video_in, video_placeholder};

/// What the preview says beside a line that starts like a heading without the space.
const HEADING_HINT: &str = "<small class=\"heading-hint\">Did you mean a heading? \
     Add a space after the #.</small>";

/// The transforming pass over the parser's events, collecting facts on the way.
#[derive(Default)]
pub(super) struct Pass {
    pub(super) text: String,
    pub(super) images_without_description: usize,
    pub(super) first_image: Option<String>,
    pub(super) pictures: Vec<Picture>,
    outline: Outline,
    /// Whether to add the writer's hints (the preview).
    hints: bool,
    /// Whether the next text starts a line of a paragraph.
    line_start: bool,
}

impl Pass {
    /// A pass for the published page (`hints` false) or the preview.
    pub(super) fn new(hints: bool) -> Pass {
        Pass {
            hints,
            ..Pass::default()
        }
    }

    pub(super) fn transform<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
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
            let line_start = std::mem::take(&mut self.line_start);
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
                Event::Text(text) if line_start && self.hints && looks_like_heading(&text) => {
                    self.text.push_str(&text);
                    out.push(Event::Html(CowStr::from("<mark class=\"heading-hint\">")));
                    out.push(Event::Text(text));
                    out.push(Event::Html(CowStr::from("</mark> ")));
                    out.push(Event::Html(CowStr::from(HEADING_HINT)));
                }
                other => self.event(other, &mut out),
            }
        }
        out
    }

    /// Everything but pictures: passed on, changed where quire's HTML differs.
    fn event<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => out.push(Event::Start(Tag::Heading {
                level: self.outline.start(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                self.text.push(' ');
                out.push(Event::End(TagEnd::Heading(self.outline.end(level))));
            }
            Event::Start(Tag::Paragraph) => {
                self.line_start = true;
                out.push(event);
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
            // One line break in the text is one on the page, as in a word processor.
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.line_start = true;
                out.push(Event::HardBreak);
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
        self.pictures.push(Picture {
            src: src.to_owned(),
            description: alt.trim().to_owned(),
        });
        if alt.trim().is_empty() {
            self.images_without_description += 1;
        }
        if self.first_image.is_none() {
            self.first_image = Some(src.to_owned());
        }
    }
}
/// The text inside an element up to its end tag, and how many events that took.
pub(super) fn collect_text(events: &[Event<'_>], end: TagEnd) -> (String, usize) {
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

/// A line like `#Heading` or `##Sources`: `#`s straight followed by a letter or digit.
fn looks_like_heading(text: &str) -> bool {
    let hashes = text.len() - text.trim_start_matches('#').len();
    (1..=6).contains(&hashes)
        && text[hashes..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}
