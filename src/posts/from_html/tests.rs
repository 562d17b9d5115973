//! What pasted HTML becomes.

use super::*;

/// Google Docs' clipboard, trimmed: everything inside a normal-weight `<b>`, styled spans
/// for bold and italic, links through google.com/url.
const DOCS: &str = r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c"><h1 dir="ltr" style="line-height:1.38;margin-top:20pt"><span style="font-size:20pt;font-family:Arial;font-weight:400">Volcanoes</span></h1><p dir="ltr"><span style="font-size:11pt;font-weight:400">Some are </span><span style="font-size:11pt;font-weight:700">very</span><span style="font-size:11pt;font-weight:400"> hot and </span><span style="font-style:italic;font-weight:400">old</span><span style="font-weight:400">.</span></p><h2 dir="ltr"><span style="font-weight:400">Types</span></h2><ul><li dir="ltr"><p dir="ltr"><span>Shield</span></p></li><li dir="ltr"><p dir="ltr"><span>Cone</span></p></li></ul><p dir="ltr"><a href="https://www.google.com/url?q=https://example.org/lava&amp;sa=D&amp;source=editors"><span style="color:#1155cc;text-decoration:underline">Lava facts</span></a></p><p><img src="https://lh7-us.googleusercontent.com/abc" alt="A volcano" width="200"></p></b>"#;

/// Word's clipboard, trimmed: Mso classes, `<o:p>`, a symbol-font bullet, a table.
const WORD: &str = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body lang=EN-GB><div class=WordSection1><h1>Mount Etna<o:p></o:p></h1><p class=MsoNormal>It is in <b>Sicily</b> and <i>very</i> active.<o:p></o:p></p><p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Lava<o:p></o:p></p><blockquote><p class=MsoNormal>A quote.<o:p></o:p></p></blockquote><table class=MsoTableGrid><tr><td><p class=MsoNormal>Year</p></td><td><p class=MsoNormal>Eruptions</p></td></tr><tr><td><p class=MsoNormal>2021</p></td><td><p class=MsoNormal>50</p></td></tr></table><p class=MsoNormal><img src="file:///C:/Users/ana/AppData/Local/Temp/msohtmlclip1/image001.png"></p></div></body></html>"#;

#[test]
fn a_google_docs_paste_keeps_headings_emphasis_lists_and_links() {
    let markdown = to_markdown(DOCS);
    assert!(markdown.starts_with("# Volcanoes\n"), "{markdown}");
    assert!(
        markdown.contains("Some are **very** hot and *old*."),
        "{markdown}"
    );
    assert!(markdown.contains("## Types"), "{markdown}");
    assert!(
        markdown.contains("- Shield") && markdown.contains("- Cone"),
        "{markdown}"
    );
    assert!(
        markdown.contains("[Lava facts](https://example.org/lava)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("![A volcano](https://lh7-us.googleusercontent.com/abc)"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("docs-internal") && !markdown.contains("<"),
        "{markdown}"
    );
    assert!(
        !markdown.starts_with("**"),
        "the wrapper is not bold: {markdown}"
    );
}

#[test]
fn a_word_paste_drops_its_junk_and_keeps_the_structure() {
    let markdown = to_markdown(WORD);
    assert!(markdown.starts_with("# Mount Etna"), "{markdown}");
    assert!(
        markdown.contains("It is in **Sicily** and *very* active."),
        "{markdown}"
    );
    assert!(markdown.contains("- Lava"), "{markdown}");
    assert!(markdown.contains("> A quote."), "{markdown}");
    assert!(markdown.contains("| Year | Eruptions |"), "{markdown}");
    assert!(markdown.contains("| 2021 | 50 |"), "{markdown}");
    for junk in ["Mso", "o:p", "file:", "margin", "\u{a0}"] {
        assert!(!markdown.contains(junk), "{junk} survived: {markdown}");
    }
}

#[test]
fn the_markdown_renders_back_to_the_same_structure() {
    let html = crate::posts::markdown::render(&to_markdown(DOCS)).html;
    let html = html.as_str();
    assert!(
        html.contains("<h2>Volcanoes</h2>") && html.contains("<h3>Types</h3>"),
        "{html}"
    );
    assert!(
        html.contains("<strong>very</strong>") && html.contains("<em>old</em>"),
        "{html}"
    );
    assert!(
        html.contains("<li>Shield</li>") || html.contains("<li>\nShield"),
        "{html}"
    );
}

#[test]
fn scripts_and_styles_vanish() {
    let markdown = to_markdown("<style>p{color:red}</style><script>alert(1)</script><p>Hi</p>");
    assert_eq!(markdown, "Hi");
}

#[test]
fn oversized_and_overly_nested_pastes_are_refused() {
    let big = "a".repeat(MAX_PASTE_BYTES + 1);
    assert_eq!(check(&big), Err(PasteRefused::TooLarge));
    assert_eq!(to_markdown(&big), "");
    let deep = "<div>".repeat(MAX_PASTE_DEPTH + 1);
    assert_eq!(check(&deep), Err(PasteRefused::TooDeep));
    let deep_in_svg = format!("<svg>{}</svg>", "<g>".repeat(MAX_PASTE_DEPTH + 1));
    assert_eq!(check(&deep_in_svg), Err(PasteRefused::TooDeep));
    assert_eq!(check(&"<div>x</div>".repeat(10_000)), Ok(()));
}

#[test]
fn plain_text_stays_plain() {
    assert_eq!(to_markdown("Just words"), "Just words");
    assert_eq!(to_markdown(""), "");
}

/// `cargo test --release --lib paste_timing -- --ignored --nocapture`
#[test]
#[ignore = "prints a timing; run by hand"]
fn paste_timing() {
    let docs = DOCS.repeat(100_000 / DOCS.len() + 1);
    let start = std::time::Instant::now();
    let markdown = to_markdown(&docs);
    println!(
        "{} KB of Docs HTML -> {} KB of Markdown in {:?}",
        docs.len() / 1024,
        markdown.len() / 1024,
        start.elapsed()
    );
    let word = WORD.repeat(1_000_000 / WORD.len());
    let start = std::time::Instant::now();
    let markdown = to_markdown(&word);
    println!(
        "{} KB of Word HTML -> {} KB of Markdown in {:?}",
        word.len() / 1024,
        markdown.len() / 1024,
        start.elapsed()
    );
}

#[test]
fn captioned_pictures_become_quires_captioned_pictures() {
    let blogger = r#"<table class="tr-caption-container"><tbody><tr><td><a href="https://b.example/s1600/lava.jpg"><img src="https://b.example/s320/lava.jpg"></a></td></tr><tr><td class="tr-caption">Lava "at" the top</td></tr></tbody></table>"#;
    assert_eq!(
        to_markdown(blogger),
        r#"![Lava "at" the top](https://b.example/s1600/lava.jpg "Lava \"at\" the top")"#
    );
    let figure = r#"<figure><img src="https://w.example/egg.png" alt="An egg"><figcaption>On a <b>leaf</b></figcaption></figure>"#;
    assert_eq!(
        to_markdown(figure),
        r#"![An egg](https://w.example/egg.png "On a leaf")"#
    );
}

#[test]
fn embedded_players_become_quires_videos_and_other_embeds_go() {
    let iframe = r#"<p>Watch:</p><iframe src="//www.youtube.com/embed/dQw4w9WgXcQ?rel=0" title="Our song"></iframe>"#;
    assert_eq!(
        to_markdown(iframe),
        "Watch:\n\n[Our song](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"
    );
    let object = r#"<object><param name="movie" value="http://www.youtube.com/v/9bZkp7q19f0&hl=en"><embed src="http://www.youtube.com/v/9bZkp7q19f0&hl=en"></object>"#;
    assert_eq!(
        to_markdown(object),
        "[YouTube video](https://www.youtube.com/watch?v=9bZkp7q19f0)"
    );
    assert_eq!(
        to_markdown(r#"<p>A</p><iframe src="https://maps.example/x"></iframe><p>B</p>"#),
        "A\n\nB"
    );
}
