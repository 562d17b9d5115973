//! Which reader a file needs: Blogger's Atom or WordPress's RSS, told apart by the
//! first element, and a file of the other service refused with the way to import it.

use super::error::ImportError;
use super::model::{Export, SourceKind};
use super::{blogger, wordpress, xml};

/// Reads an export of `kind` into the model, refusing a file that is not one.
pub fn read(kind: SourceKind, bytes: &[u8]) -> Result<Export, ImportError> {
    let root = xml::parse(bytes)?;
    let found = match root.name.as_str() {
        "feed" => Some(SourceKind::Blogger),
        "rss" if root.child("channel").is_some() => Some(SourceKind::WordPress),
        _ => None,
    };
    match found {
        Some(found) if found == kind => match kind {
            SourceKind::Blogger => blogger::read(&root),
            SourceKind::WordPress => wordpress::read(&root),
        },
        Some(found) => Err(ImportError::WrongFormat(format!(
            "this is a {} export, not a {} one: import it as {}",
            found.name(),
            kind.name(),
            found.as_str()
        ))),
        None => Err(ImportError::WrongFormat(format!(
            "this XML file is not a {} export (its first element is <{}>)",
            kind.name(),
            root.name
        ))),
    }
}
