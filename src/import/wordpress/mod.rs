//! WordPress's export (WXR): an RSS channel whose items are posts, pages, attachments
//! and menu entries, each with its `wp:comment`s. Authors are listed once in the
//! channel, by login; items name their author's login in `dc:creator`.

mod content;

use std::collections::HashMap;

use super::error::ImportError;
use super::model::{Export, Skipped, SourceComment, SourceKind, SourcePost};
use super::source_text::{old_path, rss_time, time};
use super::xml::Element;
use crate::comments::CommentState;

/// WordPress's own category for posts nobody categorised: it says nothing.
const DEFAULT_CATEGORY: &str = "Uncategorized";

/// Reads the channel's posts and their comments; pages and the trash are skipped.
pub fn read(rss: &Element) -> Result<Export, ImportError> {
    let Some(channel) = rss.child("channel") else {
        return Err(not_wordpress());
    };
    if channel.child("wp:wxr_version").is_none() {
        return Err(not_wordpress());
    }
    let site = match channel.text_of("wp:base_blog_url") {
        "" => channel.text_of("link"),
        base => base,
    }
    .trim_end_matches('/')
    .to_owned();
    let authors: HashMap<&str, &str> = channel
        .all("wp:author")
        .map(|author| {
            (
                author.text_of("wp:author_login"),
                author.text_of("wp:author_display_name"),
            )
        })
        .collect();
    let mut posts = Vec::new();
    let mut skipped = Vec::new();
    for item in channel.all("item") {
        let title = item.text_of("title");
        let status = item.text_of("wp:status");
        match (item.text_of("wp:post_type"), status) {
            ("post", "trash" | "auto-draft") => skipped.push(Skipped {
                what: format!("Post “{title}”"),
                why: "it is in WordPress's trash".to_owned(),
            }),
            ("post", _) => posts.push(post(item, &site, &authors)?),
            ("page", _) => skipped.push(Skipped {
                what: format!("Page “{title}”"),
                why: "quire has posts, not pages: copy its text into a post if you need it"
                    .to_owned(),
            }),
            _ => {}
        }
    }
    Ok(Export {
        kind: SourceKind::WordPress,
        posts,
        skipped,
    })
}

fn not_wordpress() -> ImportError {
    ImportError::WrongFormat(
        "this RSS file is not a WordPress export (it has no wp:wxr_version): export from \
         WordPress with Tools → Export"
            .to_owned(),
    )
}

fn post(
    item: &Element,
    site: &str,
    authors: &HashMap<&str, &str>,
) -> Result<SourcePost, ImportError> {
    let id = item.text_of("wp:post_id");
    let key = format!("{site}/?p={id}");
    let slug = item.text_of("wp:post_name").to_owned();
    let mut addresses = vec![format!("/?p={id}")];
    if let Some(path) =
        old_path(item.text_of("link")).filter(|path| path != "/" && !path.starts_with("/?"))
    {
        addresses.push(path);
    }
    if !slug.is_empty() {
        addresses.push(format!("/{slug}/"));
    }
    addresses.dedup();
    let login = item.text_of("dc:creator");
    let author = authors
        .get(login)
        .copied()
        .filter(|name| !name.is_empty())
        .unwrap_or(login);
    let published_at = time(item.text_of("wp:post_date_gmt"))
        .or_else(|| time(item.text_of("wp:post_date")))
        .or_else(|| rss_time(item.text_of("pubDate")))
        .ok_or_else(|| ImportError::WrongFormat(format!("the post {key} has no readable date")))?;
    let mut comments: Vec<SourceComment> = item
        .all("wp:comment")
        .filter(|comment| matches!(comment.text_of("wp:comment_type"), "" | "comment"))
        .filter_map(|comment| self::comment(comment, site))
        .collect();
    comments.sort_by_key(|comment| comment.at);
    Ok(SourcePost {
        key,
        addresses,
        slug,
        title: item.text_of("title").to_owned(),
        html: content::to_html(item.text_of("content:encoded")),
        published_at,
        draft: item.text_of("wp:status") != "publish",
        author: if author.is_empty() {
            "Anonymous"
        } else {
            author
        }
        .to_owned(),
        labels: item
            .all("category")
            .filter(|c| matches!(c.attribute("domain"), Some("category" | "post_tag")))
            .map(|c| c.text.trim().to_owned())
            .filter(|name| name != DEFAULT_CATEGORY)
            .collect(),
        comments,
    })
}

fn comment(comment: &Element, site: &str) -> Option<SourceComment> {
    let id = comment.text_of("wp:comment_id");
    let at = time(comment.text_of("wp:comment_date_gmt"))
        .or_else(|| time(comment.text_of("wp:comment_date")))?;
    let parent = match comment.text_of("wp:comment_parent") {
        "" | "0" => None,
        parent => Some(format!("{site}/#comment-{parent}")),
    };
    let state = match comment.text_of("wp:comment_approved") {
        "1" | "approve" => CommentState::Approved,
        "spam" => CommentState::Spam,
        "trash" | "post-trashed" => CommentState::Deleted,
        _ => CommentState::Pending,
    };
    let author = comment.text_of("wp:comment_author");
    Some(SourceComment {
        key: format!("{site}/#comment-{id}"),
        address: None,
        parent,
        author: if author.is_empty() {
            "Anonymous"
        } else {
            author
        }
        .to_owned(),
        html: comment.text_of("wp:comment_content").to_owned(),
        at,
        state,
    })
}
