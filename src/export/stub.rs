//! The small pages a copy holds in place of one it cannot: an address that moved, and
//! one the copy leaves out. Every link in the copy leads to a file.

use askama::Template;

#[derive(Template)]
#[template(path = "export_stub.html")]
struct StubPage<'a> {
    title: &'a str,
    message: &'a str,
    link: &'a str,
    link_text: &'a str,
    stylesheet: &'a str,
    moved: bool,
}

/// A page that sends the reader on to `to`, where the page now is.
pub fn moved_page(to: &str, stylesheet: &str) -> Result<String, askama::Error> {
    StubPage {
        title: "This page has moved",
        message: "This page has a new address in this copy.",
        link: to,
        link_text: "Go to the page",
        stylesheet,
        moved: true,
    }
    .render()
}

/// A page that says this copy does not hold what was linked.
pub fn missing_page(index: &str, stylesheet: &str) -> Result<String, askama::Error> {
    StubPage {
        title: "Not in this copy",
        message: "This page is not part of this copy of the blog.",
        link: index,
        link_text: "Go to the first page",
        stylesheet,
        moved: false,
    }
    .render()
}
