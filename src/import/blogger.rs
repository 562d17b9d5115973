//! Blogger's "Back up content" file: an Atom feed whose entries are the blog's
//! settings, template, pages, posts and comments, told apart by a `kind` category
//! (or, in newer files, `blogger:type`). A comment names its post with
//! `thr:in-reply-to` and the comment it answers with a `related` link.

use super::error::ImportError;
use super::model::{Export, Skipped, SourceComment, SourceKind, SourcePost};
use super::source_text::{old_path, time};
use super::xml::Element;
use crate::comments::CommentState;

const KIND_SCHEME: &str = "http://schemas.google.com/g/2005#kind";
const LABEL_SCHEME: &str = "http://www.blogger.com/atom/ns#";

/// Reads the feed's posts and comments; pages are skipped (quire has posts only).
pub fn read(feed: &Element) -> Result<Export, ImportError> {
    let mut posts = Vec::new();
    let mut skipped = Vec::new();
    let mut comments = Vec::new();
    for entry in feed.all("entry") {
        match kind(entry).as_deref() {
            Some("post") => posts.push(post(entry)?),
            Some("comment") => comments.push(entry),
            Some("page") => skipped.push(Skipped {
                what: format!("Page “{}”", entry.text_of("title")),
                why: "quire has posts, not pages: copy its text into a post if you need it"
                    .to_owned(),
            }),
            _ => {}
        }
    }
    if posts.is_empty() && comments.is_empty() && feed.child("entry").is_none() {
        return Err(ImportError::WrongFormat(
            "this Atom feed has no Blogger entries: is it Blogger's \"Back up content\" file?"
                .to_owned(),
        ));
    }
    for entry in comments {
        let Some(post_key) = post_of(entry) else {
            continue;
        };
        let comment = comment(entry)?;
        match posts
            .iter_mut()
            .find(|post: &&mut SourcePost| post.key == post_key)
        {
            Some(post) => post.comments.push(comment),
            None => skipped.push(Skipped {
                what: format!("A comment by {}", comment.author),
                why: "its post is not in the file".to_owned(),
            }),
        }
    }
    for post in &mut posts {
        // Blogger lists newest first; parents must come before their replies.
        post.comments.sort_by_key(|comment| comment.at);
    }
    Ok(Export {
        kind: SourceKind::Blogger,
        posts,
        skipped,
    })
}

/// `post`, `comment`, `page`, `settings`… from either way Blogger writes it.
fn kind(entry: &Element) -> Option<String> {
    let typed = entry.text_of("blogger:type");
    if !typed.is_empty() {
        return Some(typed.to_ascii_lowercase());
    }
    entry
        .all("category")
        .find(|category| category.attribute("scheme") == Some(KIND_SCHEME))
        .and_then(|category| category.attribute("term"))
        .and_then(|term| term.rsplit('#').next())
        .map(str::to_owned)
}

fn post(entry: &Element) -> Result<SourcePost, ImportError> {
    let key = entry.text_of("id").to_owned();
    let filename = entry.text_of("blogger:filename");
    let address = if filename.is_empty() {
        link(entry, "alternate").and_then(|href| old_path(&href))
    } else {
        Some(filename.to_owned())
    };
    let slug = address
        .as_deref()
        .and_then(|path| path.rsplit('/').next())
        .map(|file| file.trim_end_matches(".html").to_owned())
        .unwrap_or_default();
    let status = entry.text_of("blogger:status");
    let draft = status.eq_ignore_ascii_case("draft")
        || entry
            .child("app:control")
            .is_some_and(|control| control.text_of("app:draft") == "yes");
    Ok(SourcePost {
        published_at: when(entry, &key)?,
        addresses: address.into_iter().collect(),
        slug,
        title: entry.text_of("title").to_owned(),
        html: entry.text_of("content").to_owned(),
        draft,
        author: author(entry),
        labels: entry
            .all("category")
            .filter(|category| category.attribute("scheme") == Some(LABEL_SCHEME))
            .filter_map(|category| category.attribute("term"))
            .map(str::to_owned)
            .collect(),
        comments: Vec::new(),
        key,
    })
}

fn comment(entry: &Element) -> Result<SourceComment, ImportError> {
    let key = entry.text_of("id").to_owned();
    let parent = match entry.text_of("blogger:inReplyTo") {
        "" => link(entry, "related")
            .and_then(|href| href.rsplit('/').next().map(str::to_owned))
            .map(|id| format!("{}.post-{id}", blog_part(&key))),
        id => Some(format!("{}.post-{id}", blog_part(&key))),
    };
    let address = link(entry, "alternate").and_then(|href| old_path(&href));
    Ok(SourceComment {
        at: when(entry, &key)?,
        address: address.filter(|path| path.contains("showComment=")),
        parent,
        author: author(entry),
        html: entry.text_of("content").to_owned(),
        state: state(entry),
        key,
    })
}

fn state(entry: &Element) -> CommentState {
    let draft = entry
        .child("app:control")
        .is_some_and(|control| control.text_of("app:draft") == "yes");
    match entry
        .text_of("blogger:status")
        .to_ascii_uppercase()
        .as_str()
    {
        "SPAM" => CommentState::Spam,
        "SOFT_TRASHED" | "TRASHED" | "DELETED" => CommentState::Deleted,
        "DRAFT" | "PENDING" => CommentState::Pending,
        _ if draft => CommentState::Pending,
        _ => CommentState::Approved,
    }
}

/// The post a comment belongs to: `thr:in-reply-to`'s ref, or `blogger:parent`.
fn post_of(entry: &Element) -> Option<String> {
    let parent = entry.text_of("blogger:parent");
    if !parent.is_empty() {
        return Some(parent.to_owned());
    }
    entry
        .child("thr:in-reply-to")
        .and_then(|reply| reply.attribute("ref"))
        .map(str::to_owned)
}

/// `tag:blogger.com,1999:blog-123` of `tag:blogger.com,1999:blog-123.post-456`.
fn blog_part(key: &str) -> &str {
    key.rsplit_once(".post-").map_or(key, |(blog, _)| blog)
}

fn link(entry: &Element, rel: &str) -> Option<String> {
    entry
        .all("link")
        .find(|link| link.attribute("rel") == Some(rel))
        .and_then(|link| link.attribute("href"))
        .map(str::to_owned)
}

fn author(entry: &Element) -> String {
    entry
        .child("author")
        .map(|author| author.text_of("name"))
        .filter(|name| !name.is_empty())
        .unwrap_or("Anonymous")
        .to_owned()
}

fn when(entry: &Element, key: &str) -> Result<crate::db::Timestamp, ImportError> {
    time(entry.text_of("published"))
        .or_else(|| time(entry.text_of("updated")))
        .ok_or_else(|| ImportError::WrongFormat(format!("the entry {key} has no readable date")))
}
