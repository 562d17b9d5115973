//! What an import hands the store: accounts, posts, comments and pictures, rendered.

use crate::accounts::Username;
use crate::db::Timestamp;
use crate::posts::PostContent;

/// Everything one import writes.
#[derive(Debug)]
pub struct ImportBatch<'a> {
    /// `blogger` or `wordpress`.
    pub source: &'a str,
    /// Student accounts to make for authors no account matched.
    pub accounts: &'a [NewImportAccount],
    /// The posts, each with its comments and pictures.
    pub posts: &'a [ImportPost],
}

/// A student account an import makes.
#[derive(Debug)]
pub struct NewImportAccount {
    /// The author's name at the source.
    pub display_name: String,
    /// The username wanted (numbered if taken).
    pub username: Username,
    /// The hash of its new password.
    pub password_hash: String,
}

/// Who wrote an imported post or comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportAuthor {
    /// An account that was already here.
    Account(i64),
    /// The account at this index of [`ImportBatch::accounts`].
    New(usize),
}

/// An imported post, rendered.
#[derive(Debug)]
pub struct ImportPost {
    /// The source's id of it.
    pub key: String,
    /// Its old addresses.
    pub addresses: Vec<String>,
    /// The slug wanted (numbered if taken).
    pub slug: String,
    /// Its author.
    pub author: ImportAuthor,
    /// Its title, body and labels, rendered.
    pub content: PostContent,
    /// Published (or a draft).
    pub published: bool,
    /// When it was published (or written).
    pub at: Timestamp,
    /// `YYYY-MM` of `at` in the school's zone.
    pub month: String,
    /// Its comments, parents before replies.
    pub comments: Vec<ImportComment>,
    /// The pictures its body shows, fetched and re-encoded.
    pub pictures: Vec<ImportPicture>,
}

/// A picture of an imported post, already processed.
#[derive(Debug)]
pub struct ImportPicture {
    /// Its new id (`/media/{id}` in the body).
    pub id: String,
    /// `image/jpeg` or `image/png`, for both sizes.
    pub content_type: &'static str,
    /// Width and height of the full-size picture.
    pub size: (u32, u32),
    /// The full-size picture, encoded.
    pub data: Vec<u8>,
    /// Width and height of the small copy.
    pub small_size: (u32, u32),
    /// The small copy, encoded.
    pub small_data: Vec<u8>,
    /// The last part of its old address.
    pub original_name: String,
}

/// An imported comment, rendered.
#[derive(Debug)]
pub struct ImportComment {
    /// The source's id of it.
    pub key: String,
    /// The old address that showed it.
    pub address: Option<String>,
    /// The source's id of the comment it answers.
    pub parent: Option<String>,
    /// The account it matched, if any.
    pub author: Option<ImportAuthor>,
    /// The name shown when no account matched.
    pub guest_name: String,
    /// Its text, its HTML and the fingerprint of its text.
    pub body: String,
    /// Its text rendered.
    pub body_html: String,
    /// Its fingerprint (see `CommentBody::fingerprint`).
    pub body_hash: String,
    /// `approved`, `pending`, `spam` or `deleted`.
    pub state: &'static str,
    /// When it was written.
    pub at: Timestamp,
}

/// What an import wrote.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// The username each new account got, in the order of [`ImportBatch::accounts`].
    pub usernames: Vec<String>,
    /// Posts written (one already here, from a concurrent import, is left out).
    pub posts: usize,
    /// Comments written.
    pub comments: usize,
}

/// A post or comment an old address leads to.
#[derive(Debug, PartialEq, Eq)]
pub struct OldAddress {
    /// The post's slug now.
    pub slug: String,
    /// The comment, when the address showed one.
    pub comment_id: Option<i64>,
}
