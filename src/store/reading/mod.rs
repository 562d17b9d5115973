//! What readers see of published posts.
//!
//! - `lists`: the lists (home, author, label, month), keyset-paginated.
//! - `navigation`: neighbours, the archive's months and the labels.
//! - `feeds`: the feeds and the sitemap.

pub(super) mod feeds;
pub(super) mod lists;
pub(super) mod navigation;

pub use feeds::SitemapEntry;
pub use lists::{Cursor, Direction, PostPage, PostSummary, Scope};
pub use navigation::{LabelCount, MonthCount, PostLink};
