//! An export file read into a small tree of elements, refusing what could hurt: a file
//! over the size limit, a DOCTYPE that declares entities (the "billion laughs" and
//! external entities both start there), an entity it does not define, nesting deeper
//! than any export needs, and a file cut short. quick-xml never expands DTD entities;
//! these checks make the refusal say what is wrong instead of importing half a file.

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::error::ImportError;

/// Largest export read, in bytes: a class blog's years of posts are a few megabytes
/// (pictures are addresses in it, not bytes).
pub const MAX_EXPORT_BYTES: usize = 50 * 1024 * 1024;
/// Deepest nesting of elements; Blogger's and WordPress's exports use under ten.
const MAX_DEPTH: usize = 64;

/// One element: its qualified name as written (`wp:post_id`), attributes, children
/// and the text directly inside it (CDATA included).
#[derive(Debug, Default)]
pub struct Element {
    /// `prefix:local`, as the file writes it.
    pub name: String,
    attributes: Vec<(String, String)>,
    /// The child elements, in order.
    pub children: Vec<Element>,
    /// The text directly inside, entities resolved.
    pub text: String,
}

impl Element {
    /// The value of an attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The trimmed text of the first child named `name`, or "".
    pub fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |child| child.text.trim())
    }
}

/// Reads a whole export into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, ImportError> {
    if bytes.len() > MAX_EXPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| malformed(&reader, error))?;
        match event {
            Event::DocType(doctype) if doctype.contains("<!ENTITY") => {
                return Err(ImportError::DeclaresEntities);
            }
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(ImportError::TooDeep);
                }
                open.push(element(&start, &reader)?);
            }
            Event::Empty(start) => {
                let child = element(&start, &reader)?;
                close(&mut open, &mut root, child)?;
            }
            Event::End(_) => {
                let done = open.pop().ok_or(ImportError::Malformed(String::new()))?;
                close(&mut open, &mut root, done)?;
            }
            Event::Text(text) => push_text(&mut open, &text.xml10_content()),
            Event::CData(data) => push_text(&mut open, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&reference)
                        .ok_or_else(|| ImportError::UnknownEntity(reference.to_string()))?
                        .to_owned(),
                    Err(_) => return Err(ImportError::UnknownEntity(reference.to_string())),
                };
                push_text(&mut open, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(ImportError::CutShort);
    }
    root.ok_or(ImportError::Empty)
}

fn element(start: &BytesStart<'_>, reader: &Reader<&[u8]>) -> Result<Element, ImportError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| malformed(reader, error))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|_| ImportError::UnknownEntity(attribute.value.to_string()))?;
        attributes.push((attribute.key.0.to_owned(), value.into_owned()));
    }
    Ok(Element {
        name: start.name().0.to_owned(),
        attributes,
        ..Element::default()
    })
}

/// A finished element joins its parent, or becomes the root.
fn close(
    open: &mut [Element],
    root: &mut Option<Element>,
    done: Element,
) -> Result<(), ImportError> {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None if root.is_none() => *root = Some(done),
        None => return Err(ImportError::Malformed("two root elements".to_owned())),
    }
    Ok(())
}

fn push_text(open: &mut [Element], text: &str) {
    if let Some(current) = open.last_mut() {
        current.text.push_str(text);
    }
}

fn malformed(reader: &Reader<&[u8]>, error: impl std::fmt::Display) -> ImportError {
    let line_hint = format!("{error} (near byte {})", reader.error_position());
    ImportError::Malformed(line_hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_billion_laughs_is_refused_before_anything_expands() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><feed>&lol2;</feed>"#;
        assert!(matches!(
            parse(laughs.as_bytes()),
            Err(ImportError::DeclaresEntities)
        ));
    }

    #[test]
    fn an_entity_the_file_does_not_define_is_refused() {
        let external = "<feed>&xxe;</feed>";
        assert!(matches!(
            parse(external.as_bytes()),
            Err(ImportError::UnknownEntity(name)) if name == "xxe"
        ));
    }

    #[test]
    fn a_file_cut_short_is_refused() {
        assert!(matches!(
            parse(b"<feed><entry><title>Hi</title>"),
            Err(ImportError::CutShort)
        ));
    }

    #[test]
    fn text_cdata_and_references_are_read() {
        let root = parse(b"<a x=\"1 &amp; 2\"><b>&lt;p&gt;<![CDATA[<i>hi</i>]]>&#233;</b></a>")
            .expect("well formed");
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        assert_eq!(root.text_of("b"), "<p><i>hi</i>é");
    }
}
