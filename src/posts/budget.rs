//! What a post body may cost to render: the limits checked before a body is accepted,
//! and the linear scan that measures them.
//!
//! The sanitizer's HTML parser (html5ever, inside ammonia) spends time on every tag in
//! proportion to how many elements are open around it, so a body of 100,000 `>` took
//! 93 s to render. The scan here parses the Markdown with the renderer's own parser (so
//! no mix of `>`, `-`, `1.` or indentation can nest deeper than it counts), writes the
//! same HTML the sanitizer would read, and tokenizes it with html5ever's own tokenizer,
//! keeping an upper bound of the sanitizer's open elements. Everything here is linear in
//! the length of the body.

use std::cell::Cell;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use pulldown_cmark::{Event, Parser, Tag, TagEnd, html};

use super::markdown;

/// Quotes and lists inside each other, at most.
pub const MAX_NESTING: usize = 12;
/// Elements inside each other in the HTML the sanitizer reads, at most: room for
/// `MAX_NESTING` lists (a list and its item are two elements each) with emphasis and
/// links inside, and for HTML tags a student typed.
pub const MAX_HTML_DEPTH: usize = 48;
/// Table cells in one post, at most (a row with fewer cells than its heading is
/// filled up, so a few characters can ask for many cells).
pub const MAX_TABLE_CELLS: usize = 10_000;

/// Why a body is refused before rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooComplex {
    /// Quotes and lists nested deeper than `MAX_NESTING`.
    Nesting,
    /// HTML elements nested deeper than `MAX_HTML_DEPTH`.
    HtmlDepth,
    /// More than `MAX_TABLE_CELLS` table cells.
    TableCells,
    /// `<svg>`, `<math>`, `<select>` or `<template>`: never shown (the sanitizer removes
    /// them), and they change how the rest of the page is read, so they are refused.
    UnsupportedTag,
}

impl TooComplex {
    /// What the writer reads beside the body.
    pub fn message(self) -> &'static str {
        match self {
            TooComplex::Nesting => {
                "Your post has quotes or lists inside each other more than 12 levels deep. \
                 Use fewer levels. Your text is still here."
            }
            TooComplex::HtmlDepth => {
                "Your post has HTML tags inside each other more than 48 levels deep. \
                 Close the tags you open, or use fewer. Your text is still here."
            }
            TooComplex::TableCells => {
                "Your tables have more than 10,000 cells. Make them smaller or split the post. \
                 Your text is still here."
            }
            TooComplex::UnsupportedTag => {
                "quire cannot show <svg>, <math>, <select> or <template> tags. \
                 Take them out of your post. Your text is still here."
            }
        }
    }
}

/// What the scan measured; the property tests use it to check work grows linearly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    /// Deepest nesting of quotes and lists.
    pub nesting: usize,
    /// Upper bound of the sanitizer's open elements.
    pub html_depth: usize,
    /// Table cells.
    pub table_cells: usize,
    /// Parser events.
    pub events: usize,
    /// Bytes of HTML the sanitizer would read.
    pub html_bytes: usize,
}

/// Measures a Markdown body and refuses it if rendering it would cost too much. Stops
/// reading at the first limit passed, so a hostile body is refused after a few events.
pub fn check(markdown: &str) -> Result<Measure, TooComplex> {
    let measure = scan(markdown, true)?;
    if measure.nesting > MAX_NESTING {
        return Err(TooComplex::Nesting);
    }
    if measure.table_cells > MAX_TABLE_CELLS {
        return Err(TooComplex::TableCells);
    }
    if measure.html_depth > MAX_HTML_DEPTH {
        return Err(TooComplex::HtmlDepth);
    }
    Ok(measure)
}

/// Measures all of a body without judging it (only a refused tag is an error).
pub fn measure(markdown: &str) -> Result<Measure, TooComplex> {
    scan(markdown, false)
}

fn scan(markdown: &str, stop_at_limits: bool) -> Result<Measure, TooComplex> {
    let tokenizer = Tokenizer::new(DepthSink::default(), TokenizerOpts::default());
    let mut feed = Feed {
        tokenizer: &tokenizer,
        input: BufferQueue::default(),
        buffer: String::new(),
        bytes: 0,
    };
    let (mut nesting, mut deepest, mut cells, mut events) = (0usize, 0usize, 0usize, 0usize);
    let over = Cell::new(false);
    let parser = Parser::new_ext(markdown, markdown::options())
        .take_while(|_| !over.get())
        .inspect(|event| {
            events += 1;
            match event {
                Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                    nesting += 1;
                    deepest = deepest.max(nesting);
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                    nesting = nesting.saturating_sub(1);
                }
                Event::Start(Tag::TableCell) => cells += 1,
                _ => {}
            }
            let sink = &tokenizer.sink;
            over.set(
                sink.refused.get()
                    || (stop_at_limits
                        && (deepest > MAX_NESTING
                            || cells > MAX_TABLE_CELLS
                            || sink.max.get() > MAX_HTML_DEPTH)),
            );
        });
    // Writing HTML to a `String` cannot fail, and neither can this writer.
    let _ = html::write_html_fmt(&mut feed, parser);
    feed.flush();
    tokenizer.end();
    let sink = &tokenizer.sink;
    if sink.refused.get() {
        return Err(TooComplex::UnsupportedTag);
    }
    Ok(Measure {
        nesting: deepest,
        html_depth: sink.max.get(),
        table_cells: cells,
        events,
        html_bytes: feed.bytes,
    })
}

/// Hands the HTML to the tokenizer as it is written, a few kilobytes at a time, so the
/// depth is known while the parser is still reading.
struct Feed<'t> {
    tokenizer: &'t Tokenizer<DepthSink>,
    input: BufferQueue,
    buffer: String,
    bytes: usize,
}

impl Feed<'_> {
    fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        self.input.push_back(StrTendril::from_slice(&self.buffer));
        // The sink never asks the tokenizer to pause for a script, so one feed reads all.
        let _ = self.tokenizer.feed(&self.input);
        self.buffer.clear();
    }
}

impl std::fmt::Write for Feed<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.buffer.push_str(text);
        self.bytes += text.len();
        if self.buffer.len() >= 4096 {
            self.flush();
        }
        Ok(())
    }
}

/// An upper bound of how many elements the sanitizer's HTML parser holds open at once
/// while reading `html`.
///
/// Tokens come from html5ever's tokenizer, switched into raw text after `<script>`,
/// `<style>`, `<textarea>` and the others exactly as its tree builder switches it, so
/// a tag hidden in a comment, an attribute or a script is hidden here too. The tree is
/// over-approximated: every start tag that is not void opens an element; an end tag
/// closes one only when it names the innermost open element; a `<p>`, `<li>` and the
/// like directly inside another of its kind replaces it; a table counts three (the
/// parser may add `tbody` and `tr`). Formatting elements the parser re-opens in later
/// paragraphs were never closed here, so they are counted already.
pub fn html_depth(html: &str) -> Result<usize, TooComplex> {
    let sink = depth_sink(html);
    if sink.refused.get() {
        return Err(TooComplex::UnsupportedTag);
    }
    Ok(sink.max.get())
}

/// The same upper bound as [`html_depth`], for HTML whose `<svg>` and like tags will be
/// dropped rather than refused (a paste).
pub fn html_depth_ignoring_refusals(html: &str) -> usize {
    depth_sink(html).max.get()
}

fn depth_sink(html: &str) -> DepthSink {
    let sink = DepthSink::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // The sink never asks the tokenizer to pause for a script, so one feed reads all.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

#[derive(Default)]
struct DepthSink {
    // (name, weight) of each open element, innermost last.
    open: std::cell::RefCell<Vec<(html5ever::LocalName, usize)>>,
    depth: Cell<usize>,
    max: Cell<usize>,
    refused: Cell<bool>,
}

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
const REPLACES_ITSELF: &[&str] = &[
    "p", "li", "dd", "dt", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "rtc",
];
const REFUSED: &[&str] = &["svg", "math", "select", "template"];

impl TokenSink for DepthSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        let mut open = self.open.borrow_mut();
        match tag.kind {
            TagKind::EndTag => {
                if open.last().is_some_and(|(top, _)| *top == tag.name)
                    && let Some((_, weight)) = open.pop()
                {
                    self.depth.set(self.depth.get().saturating_sub(weight));
                }
                TokenSinkResult::Continue
            }
            TagKind::StartTag => {
                if REFUSED.contains(&name) {
                    self.refused.set(true);
                }
                let replaces = REPLACES_ITSELF.contains(&name)
                    && open.last().is_some_and(|(top, _)| *top == tag.name);
                if !VOID.contains(&name) && !replaces {
                    let weight = if name == "table" { 3 } else { 1 };
                    open.push((tag.name.clone(), weight));
                    self.depth.set(self.depth.get() + weight);
                    self.max.set(self.max.get().max(self.depth.get()));
                }
                // As html5ever's tree builder does in the body of a page.
                match name {
                    "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(html: &str) -> usize {
        html_depth(html).unwrap_or(usize::MAX)
    }

    #[test]
    fn mixed_prefixes_and_indentation_are_counted_as_the_parser_nests_them() {
        let mixed = format!("{}x", "> - > 1. ".repeat(10));
        assert_eq!(measure(&mixed).map(|m| m.nesting), Ok(40));
        let indented: String = (0..20)
            .map(|level| format!("{}- item\n", "  ".repeat(level)))
            .collect();
        assert_eq!(measure(&indented).map(|m| m.nesting), Ok(20));
        let lazy = format!("{}x", ">".repeat(20));
        assert_eq!(measure(&lazy).map(|m| m.nesting), Ok(20));
    }

    #[test]
    fn closed_tags_do_not_add_up() {
        assert_eq!(depth(&"<div>x</div>".repeat(100)), 1);
        assert_eq!(depth("<p>a<p>b<p>c"), 1);
        assert_eq!(depth("<br><img src=x><hr>"), 0);
        assert_eq!(depth(&"<div>".repeat(30)), 30);
    }

    #[test]
    fn tags_hidden_from_the_parser_are_hidden_here_and_fake_end_tags_close_nothing() {
        // Inside an attribute, a comment or a script, `</div>` is not an end tag.
        assert_eq!(depth(&"<div title=\"</div>\">".repeat(20)), 20);
        assert_eq!(depth(&"<div><!-- </div> -->".repeat(20)), 20);
        // (The deepest point is inside the last script or text area: 20 divs and it.)
        assert_eq!(depth(&"<div><script><!--</div>--></script>".repeat(20)), 21);
        assert_eq!(depth(&"<div><textarea></div></textarea>".repeat(20)), 21);
        // A comment opened in a script is no comment: the divs after it count.
        assert_eq!(
            depth(&format!("<script><!--</script>{}", "<div>".repeat(20))),
            20
        );
        // Misnested formatting tags stay counted: the parser re-opens them later.
        assert_eq!(depth(&"<b><i></b>".repeat(20)), 40);
    }

    #[test]
    fn tags_that_change_how_the_rest_is_read_are_refused() {
        for tag in ["<svg>", "<MATH>", "<select>", "<template>"] {
            assert_eq!(html_depth(tag), Err(TooComplex::UnsupportedTag), "{tag}");
        }
        assert!(html_depth("<p>&lt;svg&gt;</p>").is_ok());
    }
}
