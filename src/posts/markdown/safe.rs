//! The few things every part of the renderer shares: `SafeHtml` (made only by the
//! renderer), the pictures a post holds, where quire's own pictures live, and escaping.

use std::fmt;

/// The placeholder quire's upload puts between the brackets, to be typed over.
pub const PLACEHOLDER_DESCRIPTION: &str = "Describe the picture";

/// HTML that went through the sanitizer: the only text a template prints unescaped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafeHtml(pub(super) String);

impl SafeHtml {
    /// Wraps HTML read back from the database, where only `render` output is stored.
    pub fn from_stored(html: String) -> SafeHtml {
        SafeHtml(html)
    }

    /// The HTML, for storing.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the first picture of quire's own, for a page's preview image.
    pub fn first_image(&self) -> Option<&str> {
        let start = self.0.find("<img src=\"/media/")? + "<img src=\"".len();
        let end = self.0[start..].find('"')?;
        Some(&self.0[start..start + end])
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for SafeHtml {}

/// A picture of quire's own in a post, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Its address, `/media/…`.
    pub src: String,
    /// The words between the `[ ]` brackets, trimmed.
    pub description: String,
}

impl Picture {
    /// Whether readers who cannot see it would learn nothing: no description, or the
    /// upload's placeholder left as it was.
    pub fn lacks_description(&self) -> bool {
        self.description.is_empty()
            || self
                .description
                .eq_ignore_ascii_case(PLACEHOLDER_DESCRIPTION)
    }
}

/// Where quire serves uploaded pictures; any other picture is shown as a link, so no
/// page makes a request to another site.
pub const MEDIA_PREFIX: &str = "/media/";

/// Text made safe to place between tags or in a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}
