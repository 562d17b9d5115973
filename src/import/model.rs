//! What an export holds, the same for Blogger and WordPress: the parsers fill it, the
//! plan reads it. Bodies are still the source's HTML here.

use crate::comments::CommentState;
use crate::db::Timestamp;

/// Which blog service wrote the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Blogger's "Back up content" (Atom).
    Blogger,
    /// WordPress's export (WXR, an RSS dialect).
    WordPress,
}

impl SourceKind {
    /// The word in `import_mappings.source` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Blogger => "blogger",
            SourceKind::WordPress => "wordpress",
        }
    }

    /// The kind named by `word` (as [`SourceKind::as_str`] writes it).
    pub fn parse(word: &str) -> Option<SourceKind> {
        match word {
            "blogger" => Some(SourceKind::Blogger),
            "wordpress" => Some(SourceKind::WordPress),
            _ => None,
        }
    }

    /// The service's name, for people.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Blogger => "Blogger",
            SourceKind::WordPress => "WordPress",
        }
    }
}

/// A whole export.
#[derive(Debug)]
pub struct Export {
    /// Who wrote it.
    pub kind: SourceKind,
    /// The posts, each with its comments.
    pub posts: Vec<SourcePost>,
    /// What the file holds that is not imported, and why.
    pub skipped: Vec<Skipped>,
}

/// One post as the source kept it.
#[derive(Debug)]
pub struct SourcePost {
    /// The source's own id for it, unique across blogs (Blogger's entry id, WordPress's
    /// site address and post id): how a second import knows it is already here.
    pub key: String,
    /// Its old addresses on the source (paths, and `/?p=ID`), for redirects.
    pub addresses: Vec<String>,
    /// The source's slug, kept when quire's rules accept it.
    pub slug: String,
    /// Its title as written.
    pub title: String,
    /// Its body, in the source's HTML.
    pub html: String,
    /// When it was published (or, for a draft, last written).
    pub published_at: Timestamp,
    /// Still a draft at the source.
    pub draft: bool,
    /// Its author's display name.
    pub author: String,
    /// Categories and tags.
    pub labels: Vec<String>,
    /// Its comments, parents before replies.
    pub comments: Vec<SourceComment>,
}

/// One comment as the source kept it.
#[derive(Debug)]
pub struct SourceComment {
    /// The source's id for it, unique across blogs.
    pub key: String,
    /// The old address that showed it (Blogger's `?showComment=`), for a redirect.
    pub address: Option<String>,
    /// The key of the comment it answers, if any.
    pub parent: Option<String>,
    /// The commenter's name as shown.
    pub author: String,
    /// Its text, in the source's HTML.
    pub html: String,
    /// When it was written.
    pub at: Timestamp,
    /// Its moderation state, mapped to quire's.
    pub state: CommentState,
}

/// Something in the file that is not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// What it is ("Page “About us”").
    pub what: String,
    /// Why it stays out.
    pub why: String,
}
