//! What students' Markdown becomes.

use super::sanitize::highlight;
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
fn the_outline_starts_at_h2_and_never_skips_whatever_the_hashes() {
    let out = html("## Volcanoes\n\n#### Lava\n\n### Ash\n\n## Sources");
    assert!(out.contains("<h2>Volcanoes</h2>"), "{out}");
    assert!(out.contains("<h3>Lava</h3>"), "{out}");
    assert!(out.contains("<h3>Ash</h3>"), "{out}");
    assert!(out.contains("<h2>Sources</h2>"), "{out}");
    let out = html("### Only\n\n### Small ones");
    assert!(
        out.contains("<h2>Only</h2>") && out.contains("<h2>Small ones</h2>"),
        "{out}"
    );
}

#[test]
fn a_single_line_break_is_a_line_break() {
    let out = html("Roses are red\nViolets are blue");
    assert_eq!(out, "<p>Roses are red<br>\nViolets are blue</p>\n");
    assert_eq!(render("one\ntwo").text, "one two");
}

#[test]
fn a_heading_without_its_space_gets_a_hint_in_the_preview_only() {
    let preview = render_preview("#Introduction\n\nText\n##Sources").html.0;
    assert!(
        preview.contains("<mark class=\"heading-hint\">#Introduction</mark>"),
        "{preview}"
    );
    assert!(
        preview.contains("<mark class=\"heading-hint\">##Sources</mark>"),
        "{preview}"
    );
    assert!(
        preview.contains("Did you mean a heading? Add a space after the #."),
        "{preview}"
    );
    let published = html("#Introduction\n\nText\n##Sources");
    assert!(
        !published.contains("heading-hint") && !published.contains("Did you mean"),
        "{published}"
    );
    for plain in ["# Introduction", "Text #tag", "#", "`#code`", "#!"] {
        assert!(
            !render_preview(plain).html.0.contains("heading-hint"),
            "{plain}"
        );
    }
}

#[test]
fn pictures_are_listed_with_their_descriptions() {
    let rendered =
        render("![Describe the picture](/media/a)\n\nText ![ ](/media/b) ![Lava](/media/c)");
    let lacking: Vec<&str> = rendered
        .pictures
        .iter()
        .filter(|p| p.lacks_description())
        .map(|p| p.src.as_str())
        .collect();
    assert_eq!(lacking, ["/media/a", "/media/b"]);
    assert_eq!(rendered.pictures.len(), 3);
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
    let out = render_comment("Great post!\nReally.\n\n<b>bold</b> see https://example.org/x.").0;
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

#[test]
fn what_an_unclosed_iframe_swallows_is_dropped_not_shown_as_escaped_markup() {
    let html = render("Before.\n\n<iframe src=//evil.example>\n<b>after</b> words").html;
    assert!(!html.as_str().contains("iframe"), "{}", html.as_str());
    assert!(!html.as_str().contains("&lt;b&gt;"), "{}", html.as_str());
    assert!(html.as_str().contains("Before."), "{}", html.as_str());
}

#[test]
fn pictures_in_reads_each_picture_with_its_description_without_rendering() {
    let found = super::pictures_in(
        "Intro ![Etna at *dawn*](/media/a \"Smoke\")\n\n![](/media/b)\n\n![Not ours](https://example.com/c.jpg)\n\n    ![code](/media/d)",
    );
    let pairs: Vec<(&str, &str)> = found
        .iter()
        .map(|p| (p.src.as_str(), p.description.as_str()))
        .collect();
    assert_eq!(pairs, [("/media/a", "Etna at dawn"), ("/media/b", "")]);
}

#[test]
fn a_picture_keeps_the_description_it_was_last_given() {
    let newest = "![Describe the picture](/media/a)\n\n![Etna at night](/media/b)\n\n![Etna, later](/media/b)";
    let older = "![Etna at dawn](/media/a)\n\n![Old words](/media/b)\n\n![](/media/c)";
    let found = super::last_descriptions([newest, older]);
    assert_eq!(
        found.get("/media/a").map(String::as_str),
        Some("Etna at dawn")
    );
    assert_eq!(
        found.get("/media/b").map(String::as_str),
        Some("Etna, later")
    );
    assert_eq!(found.get("/media/c"), None);
}
