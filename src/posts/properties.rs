//! Property tests over what students type: the post renderer, the comment renderer,
//! the rendering budget and slugs never panic; rendered HTML is always sanitized; and
//! the heading outline starts at h2 and never skips a level; the budget's depth is an upper bound of what the sanitizer's parser builds, so the
//! parser's work per tag is bounded and rendering stays linear. Case counts are small
//! so `cargo test --lib` stays quick; raise `PROPTEST_CASES` to search longer.

use proptest::prelude::*;
use proptest::test_runner::Config;
use pulldown_cmark::{Parser, html};

use super::budget::{self, MAX_HTML_DEPTH};
use super::markdown::{self, render, render_comment};
use super::slug;

/// Pieces of Markdown and HTML that have broken renderers and sanitizers before.
const PIECES: &[&str] = &[
    ">",
    "> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "  ",
    "    ",
    "\n",
    "\n\n",
    "# ",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    "</",
    "`",
    "```\n",
    "|",
    "|-|",
    "| --- |",
    "---",
    "[^1]",
    "[^1]: ",
    "*",
    "**",
    "_",
    "~~",
    "\\",
    "&",
    "&amp;",
    "&#x6a;avascript:",
    "\"",
    "'",
    "=",
    "http://a.b/c",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "/media/x",
    "javascript:alert(1)",
    "<script>",
    "</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "<a href=' java\tscript:alert(1)'>x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">",
    "<div>",
    "</div>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<p>",
    "</p>",
    "<li>",
    "<ul>",
    "<table>",
    "<tr>",
    "<td>",
    "<!--",
    "-->",
    "<textarea>",
    "</textarea>",
    "<style>",
    "</style>",
    "<iframe src=//evil.example>",
    "<noscript>",
    "<plaintext>",
    "<svg onload=alert(1)>",
    "<math>",
    "<details open ontoggle=alert(1)>",
    "<div title=\"</div>\">",
    "onclick=\"alert(1)\"",
    "<xmp>",
    "<title>",
    "<br/>",
    "<p/>",
    "<form action=javascript:alert(1)>",
    "<object data=x>",
    "<embed src=x>",
    "<base href=//x>",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        2 => "[a-z]{1,6}",
        1 => "\\PC{0,6}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(40),
        failure_persistence: None,
        ..Config::default()
    }
}

/// What ammonia promises and quire relies on: no script or frame elements, no event
/// handler attributes, no `javascript:` (or `vbscript:`, `data:`) addresses.
fn assert_sanitized(html: &str) -> Result<(), TestCaseError> {
    let fragment = scraper::Html::parse_fragment(html);
    for element in fragment
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = element.value().name();
        prop_assert!(
            !matches!(
                name,
                "script"
                    | "style"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "form"
                    | "base"
                    | "svg"
                    | "math"
                    | "textarea"
                    | "noscript"
                    | "meta"
                    | "link"
            ),
            "<{}> survived: {}",
            name,
            html
        );
        for (attribute, value) in element.value().attrs() {
            prop_assert!(
                !attribute.to_ascii_lowercase().starts_with("on"),
                "{} survived: {}",
                attribute,
                html
            );
            prop_assert!(attribute != "style", "style survived: {}", html);
            // Browsers ignore spaces and control characters in an address's scheme.
            let address: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                prop_assert!(
                    !address.starts_with(scheme),
                    "{}={} survived: {}",
                    attribute,
                    value,
                    html
                );
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    prop_assert!(!lower.contains("<script"), "{}", html);
    Ok(())
}

/// How many elements deep a browser (html5ever, as in the sanitizer) nests `html`.
fn parsed_depth(html: &str) -> usize {
    let fragment = scraper::Html::parse_fragment(html);
    let root = fragment.root_element();
    root.descendants()
        .filter(|node| node.value().is_element() && node.id() != root.id())
        .map(|node| node.ancestors().take_while(|a| a.id() != root.id()).count())
        .max()
        .unwrap_or(0)
}

/// The HTML the sanitizer reads for a body, before quire's own small additions.
fn unsanitized(markdown: &str) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, markdown::options()));
    raw
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_post_renders_sanitized_whatever_is_typed(doc in document()) {
        assert_sanitized(render(&doc).html.as_str())?;
    }

    #[test]
    fn the_heading_outline_starts_at_h2_and_never_skips(
        doc in prop::collection::vec((1usize..=6, document()), 0..12)
    ) {
        let markdown: String = doc
            .iter()
            .map(|(hashes, text)| {
                // Raw HTML is left out: a `<style>` a student types hides what follows it.
                let text = text.replace('<', " ");
                format!("{} {}\n\n{}\n\n", "#".repeat(*hashes), text.replace('\n', " "), text)
            })
            .collect();
        let html = render(&markdown).html;
        let fragment = scraper::Html::parse_fragment(html.as_str());
        let mut previous = 1;
        for element in fragment.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            if let Some(level) = name.strip_prefix('h').and_then(|n| n.parse::<usize>().ok()) {
                prop_assert!((2..=previous + 1).contains(&level), "h{} after h{}: {:?}", level, previous, markdown);
                previous = level;
            }
        }
    }

    #[test]
    fn any_text_at_all_renders_sanitized(doc in any::<String>()) {
        assert_sanitized(render(&doc).html.as_str())?;
        assert_sanitized(render_comment(&doc).as_str())?;
    }

    #[test]
    fn a_comment_renders_as_paragraphs_breaks_and_links_only(doc in document()) {
        let html = render_comment(&doc);
        assert_sanitized(html.as_str())?;
        let fragment = scraper::Html::parse_fragment(html.as_str());
        for element in fragment.root_element().descendants().filter_map(scraper::ElementRef::wrap).skip(1) {
            prop_assert!(matches!(element.value().name(), "p" | "br" | "a"), "{}", html.as_str());
        }
    }

    /// The budget's depth bounds what the sanitizer's parser builds (so a body within
    /// budget costs the parser at most MAX_HTML_DEPTH steps a tag), for every body,
    /// HTML tricks with comments, scripts, attributes and misnesting included.
    #[test]
    fn the_budget_depth_bounds_the_parsers_depth(doc in document()) {
        if let Ok(measure) = budget::measure(&doc) {
            let raw = unsanitized(&doc);
            let parsed = parsed_depth(&raw);
            prop_assert!(parsed <= measure.html_depth, "parsed {} > counted {}: {:?}", parsed, measure.html_depth, doc);
        }
    }

    /// Four times the text is at most about four times the work: parser events and HTML
    /// for the sanitizer grow linearly, and the nesting that makes the sanitizer
    /// quadratic is bounded (above) for every body the budget accepts.
    #[test]
    fn work_grows_linearly_with_the_text(snippet in document(), copies in 1usize..5) {
        let small = snippet.repeat(copies);
        let large = snippet.repeat(copies * 4);
        if let (Ok(a), Ok(b)) = (budget::check(&small), budget::check(&large)) {
            prop_assert!(b.html_depth <= MAX_HTML_DEPTH);
            // Four copies cost at most about four times one copy, or, when one copy's count is
            // tiny (an unclosed `<script>` block swallows the rest as one event), a few events
            // per byte of input: either way linear, never quadratic.
            prop_assert!(
                b.events <= 5 * a.events + 64 || b.events <= 4 * large.len() + 64,
                "events {} -> {}", a.events, b.events
            );
            prop_assert!(b.html_bytes <= 5 * a.html_bytes + 1024, "html {} -> {}", a.html_bytes, b.html_bytes);
            let (small_out, large_out) = (render(&small).html, render(&large).html);
            prop_assert!(large_out.as_str().len() <= 5 * small_out.as_str().len() + 1024);
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens(title in any::<String>(), n in 2u32..10_000_000) {
        let slug = slug::slugify(&title);
        prop_assert!(slug.len() <= 80);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{}", slug);
        prop_assert_eq!(slug::slugify(&slug), slug.clone());
        let post = slug::for_post_title(&title);
        prop_assert!(slug::is_well_formed(&post), "{}", post);
        prop_assert!(slug::is_well_formed(&slug::numbered(&post, n)));
    }
}
