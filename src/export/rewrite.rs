//! A rendered page made fit for a folder: every link and picture rewritten to a
//! relative file, links to pages the copy does not hold turned into plain text, and
//! what needs the server (forms, scripts, feeds, the canonical address) taken out.

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// What a link or picture address becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// This address (relative, or another site's).
    To(String),
    /// Not in the copy: a link keeps its words, a picture becomes its description.
    Gone,
}

/// The addresses a page links to or shows, in order, for the pictures and pages to
/// copy next.
pub fn addresses_in(html: &str) -> Result<Vec<String>, lol_html::errors::RewritingError> {
    let found = RefCell::new(Vec::new());
    let found = &found;
    let keep = |name: &'static str| {
        move |el: &mut lol_html::html_content::Element<'_, '_>| {
            if let Some(value) = el.get_attribute(name) {
                found.borrow_mut().push(value);
            }
            Ok(())
        }
    };
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("a[href]", keep("href")))
            .append_element_content_handler(element!("img[src]", keep("src")))
            .append_element_content_handler(element!(
                "link[rel=stylesheet], link[rel=icon]",
                keep("href")
            )),
    )?;
    Ok(found.take())
}

/// The page with each address replaced by what `resolve` makes of it, and nothing
/// left that needs the server.
pub fn for_folder(
    html: &str,
    resolve: impl Fn(&str) -> Link,
) -> Result<String, lol_html::errors::RewritingError> {
    let resolve = &resolve;
    rewrite_str(
        html,
        // Nothing in a folder can receive a form, and every page reads without script.
        RewriteStrSettings::new()
            .append_element_content_handler(element!("form, script, noscript", |el| {
                    el.remove();
                    Ok(())
                }))
            .append_element_content_handler(element!(
                    "link[rel=alternate], link[rel=canonical], meta[property=og\\:url], meta[property=og\\:image]",
                    |el| {
                        el.remove();
                        Ok(())
                    }
                ))
            .append_element_content_handler(element!("a[href]", move |el| {
                    let href = el.get_attribute("href").unwrap_or_default();
                    match resolve(&href) {
                        Link::To(to) => el.set_attribute("href", &to)?,
                        // "Older: …" leads nowhere in this copy: it goes, words and all.
                        Link::Gone if is_neighbour_link(el) => el.remove(),
                        Link::Gone => el.remove_and_keep_content(),
                    }
                    Ok(())
                }))
            .append_element_content_handler(element!("img[src]", move |el| {
                    let src = el.get_attribute("src").unwrap_or_default();
                    match resolve(&src) {
                        Link::To(to) => el.set_attribute("src", &to)?,
                        Link::Gone => {
                            let alt = el.get_attribute("alt").unwrap_or_default();
                            el.replace(&alt, ContentType::Text);
                        }
                    }
                    Ok(())
                }))
            .append_element_content_handler(element!("link[href]", move |el| {
                    let href = el.get_attribute("href").unwrap_or_default();
                    match resolve(&href) {
                        Link::To(to) => el.set_attribute("href", &to)?,
                        Link::Gone => el.remove(),
                    }
                    Ok(())
                })),
    )
}

/// A link to the next or previous post or page: navigation, not part of the text.
fn is_neighbour_link(el: &lol_html::html_content::Element<'_, '_>) -> bool {
    el.get_attribute("rel")
        .is_some_and(|rel| rel == "prev" || rel == "next")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><link rel="stylesheet" href="/static/style.css?v=1"><link rel="canonical" href="https://school.example/"><script src="/static/quire.js"></script></head><body><a href="/posts/a">A</a> <a href="/sign-in">Sign in</a><img src="/media/x" alt="Lava"><img src="/media/gone" alt="Ash"><form action="/search"><input name="q"></form></body></html>"#;

    fn resolve(address: &str) -> Link {
        match address {
            "/posts/a" => Link::To("posts/a.html".to_owned()),
            "/media/x" => Link::To("media/x.jpg".to_owned()),
            "/static/style.css?v=1" => Link::To("static/style.css".to_owned()),
            _ => Link::Gone,
        }
    }

    #[test]
    fn links_become_files_and_the_rest_plain_text() {
        let out = for_folder(PAGE, resolve).expect("the page rewrites");
        assert!(out.contains(r#"<a href="posts/a.html">A</a>"#), "{out}");
        assert!(out.contains(" Sign in<img"), "{out}");
        assert!(
            out.contains(r#"<img src="media/x.jpg" alt="Lava">Ash"#),
            "{out}"
        );
        assert!(out.contains(r#"href="static/style.css""#), "{out}");
        for gone in ["<form", "<script", "canonical", "/sign-in"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
    }

    #[test]
    fn the_addresses_are_listed_in_order() {
        assert_eq!(
            addresses_in(PAGE).expect("the page reads"),
            [
                "/static/style.css?v=1",
                "/posts/a",
                "/sign-in",
                "/media/x",
                "/media/gone"
            ]
        );
    }
}
