//! View models: what list and post pages show of a post, formatted for people.

use super::thread::comment_count_label;
use crate::dates::{SchoolZone, rfc3339};
use crate::posts::slug::slugify;
use crate::store::{Cursor, PostPage, PostSummary};

/// A label as a link to its page.
#[derive(Clone, Debug)]
pub struct LabelLink {
    /// As the author typed it (the slug folds case and accents).
    pub name: String,
    /// `/labels/{slug}`
    pub path: String,
}

impl LabelLink {
    /// Links a label name to its page.
    pub fn new(name: &str) -> LabelLink {
        LabelLink {
            name: name.to_owned(),
            path: format!("/labels/{}", slugify(name)),
        }
    }
}

/// A post in a list.
#[derive(Clone, Debug)]
pub struct PostCard {
    /// Plain text; the template escapes it.
    pub title: String,
    /// `/posts/{slug}`
    pub path: String,
    /// The author's display name.
    pub author_name: String,
    /// A teacher wrote it: the byline carries a badge.
    pub author_is_teacher: bool,
    /// `/u/{username}`
    pub author_path: String,
    /// "Sunday, December 14, 2014"
    pub date: String,
    /// For `<time datetime>`.
    pub datetime: String,
    /// In the order the author typed them.
    pub labels: Vec<LabelLink>,
    /// The post's opening words, as plain text.
    pub excerpt: String,
    /// "7 comments".
    pub comments: String,
    /// The assignment it answers: "Answer to: …".
    pub answer_to: Option<crate::posts::AnswerTo>,
}

impl PostCard {
    /// Formats a listed post for the school's time zone.
    pub fn new(post: &PostSummary, zone: &SchoolZone) -> PostCard {
        PostCard {
            title: post.title.clone(),
            path: format!("/posts/{}", post.slug),
            author_name: post.author_name.clone(),
            author_is_teacher: post.author_is_teacher,
            author_path: format!("/u/{}", post.author_username),
            answer_to: post.answer_to.clone(),
            date: zone.long_date(post.published_at),
            datetime: rfc3339(post.published_at),
            labels: post.labels.iter().map(|l| LabelLink::new(l)).collect(),
            excerpt: post.excerpt.clone(),
            comments: comment_count_label(usize::try_from(post.comment_count).unwrap_or(0)),
        }
    }
}

/// "Older posts" and "Newer posts" links.
#[derive(Clone, Debug, Default)]
pub struct Pager {
    /// Where older posts continue.
    pub older: Option<String>,
    /// Where newer posts continue.
    pub newer: Option<String>,
}

impl Pager {
    /// The links for a page of a list at `base` (a path without a query).
    pub fn new(base: &str, page: &PostPage) -> Pager {
        let link = |key: &str, cursor: Cursor| format!("{base}?{key}={cursor}");
        Pager {
            older: page.older.map(|c| link("before", c)),
            newer: page.newer.map(|c| link("after", c)),
        }
    }

    /// Whether there is anywhere to go.
    pub fn is_empty(&self) -> bool {
        self.older.is_none() && self.newer.is_none()
    }
}

/// A page of a list as cards, dates in the school's zone.
pub fn cards(page: &PostPage, zone: &SchoolZone) -> Vec<PostCard> {
    page.posts
        .iter()
        .map(|post| PostCard::new(post, zone))
        .collect()
}
