//! Why an import is refused, in words a teacher can act on.

/// Why a file is not imported; each says what is wrong in words a teacher can act on.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Over the size limit (`MAX_EXPORT_BYTES`, 50 MB).
    #[error(
        "the file is larger than 50 MB, more than any class blog's export: is it the right file?"
    )]
    TooLarge,
    /// Not UTF-8 text.
    #[error("the file is not text (an export is an XML file): is it the right file?")]
    NotText,
    /// Nothing in it.
    #[error("the file is empty")]
    Empty,
    /// A DOCTYPE declaring entities: how entity-expansion and external-entity attacks start.
    #[error(
        "the file declares its own XML entities, which an export never does; it is refused as unsafe"
    )]
    DeclaresEntities,
    /// An entity reference the file does not define.
    #[error("the file uses an XML entity it does not define (&{0};); it is refused as unsafe")]
    UnknownEntity(String),
    /// Elements nested deeper than any export.
    #[error("the file's elements are nested too deeply to be an export")]
    TooDeep,
    /// The XML ends with elements still open.
    #[error("the file ends early (it was cut short): download the export again")]
    CutShort,
    /// Not well-formed XML.
    #[error("the file is not well-formed XML: {0}")]
    Malformed(String),
    /// Well-formed, but not the export that was asked for.
    #[error("{0}")]
    WrongFormat(String),
    /// Making a password for a new account failed.
    #[error("a password could not be made: {0}")]
    Password(String),
    /// Too many posts waiting for the CPU pool.
    #[error("quire is too busy to convert the posts now; try again in a minute")]
    Busy,
    /// The database failed; nothing was imported.
    #[error("the database failed, so nothing was imported: {0}")]
    Database(#[from] sqlx::Error),
}

impl ImportError {
    /// The message as a sentence for a page: a capital first, a full stop last.
    pub fn sentence(&self) -> String {
        let text = self.to_string();
        let mut chars = text.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        let rest = chars.as_str();
        if rest.ends_with(['.', '?', '!']) {
            format!("{first}{rest}")
        } else {
            format!("{first}{rest}.")
        }
    }
}
