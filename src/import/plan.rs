//! What an import will do, worked out before anything is written: each post converted
//! to quire's Markdown and checked by the same rules as a typed one, each author
//! matched to an account or marked as new, and everything that stays out listed with
//! its reason. The preview shows it; `apply` writes it.

use std::collections::HashMap;

use super::error::ImportError;
use super::model::{Export, Skipped, SourceComment, SourceKind, SourcePost};
use super::source_text::comment_text;
use crate::comments::{BODY_MAX, CommentBody, CommentState, GUEST_NAME_MAX, GuestName};
use crate::db::Timestamp;
use crate::posts::{Body, Labels, Title, from_html};
use crate::store::Store;

/// Longest label quire takes, and most labels on a post (as `Labels::parse` checks).
const LABEL_CHARS: usize = 40;
const LABELS_PER_POST: usize = 10;
const TITLE_CHARS: usize = 150;

/// An import worked out: what comes in, what is already here, what stays out.
#[derive(Debug)]
pub struct Plan {
    /// Which service the file came from.
    pub kind: SourceKind,
    /// Posts to bring in, converted.
    pub posts: Vec<PlannedPost>,
    /// Posts of this file an earlier import brought in: left as they are.
    pub already_here: usize,
    /// What is not imported, and why.
    pub skipped: Vec<Skipped>,
    /// Each author's display name and the account it matched, if any.
    pub authors: Vec<(String, Option<i64>)>,
    /// Every account's id by its display name in lower case, for commenters.
    pub(super) accounts: HashMap<String, i64>,
}

impl Plan {
    /// How many comments come in with the new posts.
    pub fn comment_count(&self) -> usize {
        self.posts.iter().map(|post| post.comments.len()).sum()
    }

    /// The authors who get a new student account.
    pub fn new_authors(&self) -> impl Iterator<Item = &str> {
        self.authors
            .iter()
            .filter(|(_, id)| id.is_none())
            .map(|(name, _)| name.as_str())
    }
}

/// One post to bring in, in quire's terms.
#[derive(Debug)]
pub struct PlannedPost {
    /// The source's id (see `SourcePost::key`).
    pub key: String,
    /// Old addresses that will redirect to it.
    pub addresses: Vec<String>,
    /// The source's slug, when quire can use it.
    pub slug: String,
    /// Its title.
    pub title: Title,
    /// Its Markdown (pictures may still point at the old blog).
    pub markdown: String,
    /// Its labels.
    pub labels: Labels,
    /// When it was published at the source.
    pub published_at: Timestamp,
    /// A draft stays a draft.
    pub draft: bool,
    /// The author's display name.
    pub author: String,
    /// Its comments, parents first.
    pub comments: Vec<PlannedComment>,
}

/// One comment to bring in.
#[derive(Debug)]
pub struct PlannedComment {
    /// The source's id.
    pub key: String,
    /// The old address that showed it.
    pub address: Option<String>,
    /// The source's id of the comment it answers.
    pub parent: Option<String>,
    /// The commenter's name, as a guest name quire accepts.
    pub author: GuestName,
    /// Its text.
    pub body: CommentBody,
    /// When it was written.
    pub at: Timestamp,
    /// Its state.
    pub state: CommentState,
}

/// Works out what importing `export` would do now.
pub async fn plan(store: &Store, export: Export) -> Result<Plan, ImportError> {
    let imported = store.imported_keys(export.kind.as_str()).await?;
    let accounts: HashMap<String, i64> = store
        .all_users()
        .await?
        .into_iter()
        .map(|user| (user.display_name.to_lowercase(), user.id))
        .collect();
    let kind = export.kind;
    let (fresh, old): (Vec<SourcePost>, Vec<SourcePost>) = export
        .posts
        .into_iter()
        .partition(|post| !imported.contains(&post.key));
    let mut skipped = export.skipped;
    let posts = tokio::task::spawn_blocking(move || {
        let mut planned = Vec::new();
        for post in fresh {
            match convert(post) {
                Ok(post) => planned.push(post),
                Err(skip) => skipped.push(skip),
            }
        }
        (planned, skipped)
    })
    .await
    .map_err(|_| ImportError::Busy)?;
    let (posts, skipped) = posts;
    let mut authors: Vec<(String, Option<i64>)> = Vec::new();
    for post in &posts {
        if !authors
            .iter()
            .any(|(name, _)| name.to_lowercase() == post.author.to_lowercase())
        {
            authors.push((
                post.author.clone(),
                accounts.get(&post.author.to_lowercase()).copied(),
            ));
        }
    }
    Ok(Plan {
        kind,
        posts,
        already_here: old.len(),
        skipped,
        authors,
        accounts,
    })
}

/// A source post in quire's terms, or why it cannot be.
fn convert(post: SourcePost) -> Result<PlannedPost, Skipped> {
    let shown_title = if post.title.trim().is_empty() {
        "Untitled"
    } else {
        post.title.trim()
    };
    let skip = |why: &str| Skipped {
        what: format!("Post “{shown_title}”"),
        why: why.to_owned(),
    };
    let title = Title::parse(&cut(&printable(shown_title), TITLE_CHARS)).map_err(skip)?;
    from_html::check(&post.html).map_err(|refused| skip(refused.message()))?;
    let markdown = from_html::to_markdown(&post.html);
    Body::parse(&markdown).map_err(skip)?;
    let comments = post.comments.into_iter().filter_map(comment).collect();
    Ok(PlannedPost {
        key: post.key,
        addresses: post.addresses,
        slug: post.slug,
        labels: labels(&post.labels),
        title,
        markdown,
        published_at: post.published_at,
        draft: post.draft,
        author: display_name(&post.author),
        comments,
    })
}

fn comment(comment: SourceComment) -> Option<PlannedComment> {
    let text = cut(&comment_text(&comment.html), BODY_MAX);
    let body = CommentBody::parse(&printable(&text)).ok()?;
    let author = GuestName::parse(&cut(&printable(&comment.author), GUEST_NAME_MAX))
        .or_else(|_| GuestName::parse("Guest"))
        .ok()?;
    Some(PlannedComment {
        key: comment.key,
        address: comment.address,
        parent: comment.parent,
        author,
        body,
        at: comment.at,
        state: comment.state,
    })
}

/// Categories and tags as quire's labels: commas taken out, cut to length, at most ten.
fn labels(names: &[String]) -> Labels {
    let names: Vec<String> = names
        .iter()
        .map(|name| cut(&printable(&name.replace(',', " ")), LABEL_CHARS))
        .filter(|name| !crate::posts::slug::slugify(name).is_empty())
        .take(LABELS_PER_POST)
        .collect();
    Labels::parse(&names.join(", ")).unwrap_or_default()
}

fn display_name(name: &str) -> String {
    let name = cut(&printable(name), 80);
    if crate::accounts::DisplayName::parse(&name).is_ok() {
        name
    } else {
        "Former author".to_owned()
    }
}

/// Without control characters (tabs and line ends become spaces) or direction marks.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .filter(|c| {
            *c == '\n'
                || !(c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(c)
                    || ('\u{2066}'..='\u{2069}').contains(c))
        })
        .collect()
}

fn cut(text: &str, chars: usize) -> String {
    text.trim()
        .chars()
        .take(chars)
        .collect::<String>()
        .trim()
        .to_owned()
}
