//! Posts, their labels, old addresses and revisions.
//!
//! - `lookup`: posts in any state, by id or address, and the writers' and teachers' lists.
//! - `editing`: new drafts and saved edits, their slugs and labels.
//! - `lifecycle`: publication, review, unpublishing and the trash.
//! - `revisions`: the saved versions of published posts.
//! - `rendering`: stored posts rendered again when the renderer changes.
//! - `rows`: the row a post is read as (reading's feeds read it too).

pub(super) mod editing;
pub(super) mod lifecycle;
pub(super) mod lookup;
pub(super) mod rendering;
pub(super) mod revisions;
pub(super) mod rows;

pub use editing::NewPost;
pub use lifecycle::Publication;
pub use revisions::Revision;
