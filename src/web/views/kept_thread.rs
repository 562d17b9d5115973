//! A post's comment threads drawn once and kept, for every reader whose threads look the
//! same: drawing them for each request (a date in the school's zone, the links, every
//! comment's HTML copied into the page) was most of a signed-in page's work.
//!
//! Readers see the same threads when nothing in them is their own: then what they see
//! (approved comments; waiting ones for teachers) and the links beside each comment
//! (reply while they may write, report when signed in, edit for teachers, hide on their
//! own post) follow from a few facts about them alone, the [`ThreadKey`]. A reader with a
//! comment of their own in the thread (waiting, rejected, or theirs to edit or delete
//! within the window) gets threads drawn for them. The kept drawings live in the post's
//! kept parts (`web::post_parts`), so they go when anything on the post changes.

use std::sync::RwLock;

use crate::store::SiteSettings;
use crate::web::views::drawn::DrawnHtml;

/// What decides how a reader with no comment of their own sees a post's threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadKey {
    /// Signed in: may report comments.
    pub signed_in: bool,
    /// A teacher: sees waiting comments and may edit any.
    pub teacher: bool,
    /// The post's author: may hide comments from it.
    pub post_author: bool,
    /// May write here now: may reply.
    pub may_write: bool,
    /// The school's time zone, for the dates.
    pub time_zone: String,
    /// Whether waiting comments say they are held for personal data.
    pub hold_personal_data: bool,
}

impl ThreadKey {
    /// The key of a reader as given, under `site`'s settings.
    pub fn new(
        site: &SiteSettings,
        signed_in: bool,
        teacher: bool,
        post_author: bool,
        may_write: bool,
    ) -> ThreadKey {
        ThreadKey {
            signed_in,
            teacher,
            post_author,
            may_write,
            time_zone: site.time_zone.clone(),
            hold_personal_data: site.discussion.hold_personal_data,
        }
    }
}

/// Threads as drawn for one key, and how many comments they show.
#[derive(Clone, Debug)]
pub struct DrawnThreads {
    /// The `<ol>` of threads (empty when there are none).
    pub html: DrawnHtml,
    /// How many comments are in it.
    pub count: usize,
}

/// The drawings kept for one post's parts: a handful at most (students, teachers, the
/// author, signed out), so a short list.
#[derive(Debug, Default)]
pub struct KeptThreads {
    drawn: RwLock<Vec<(ThreadKey, DrawnThreads)>>,
}

/// More keys than this would mean settings changing under a kept post: start again.
const MOST_KEPT: usize = 8;

impl KeptThreads {
    /// The threads kept for `key`, if drawn.
    pub fn get(&self, key: &ThreadKey) -> Option<DrawnThreads> {
        let drawn = self
            .drawn
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        drawn.iter().find(|(k, _)| k == key).map(|(_, d)| d.clone())
    }

    /// Keeps `threads` for `key`.
    pub fn keep(&self, key: ThreadKey, threads: DrawnThreads) {
        let mut drawn = self
            .drawn
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if drawn.len() >= MOST_KEPT {
            drawn.clear();
        }
        if !drawn.iter().any(|(k, _)| *k == key) {
            drawn.push((key, threads));
        }
    }
}
