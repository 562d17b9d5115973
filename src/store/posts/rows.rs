//! The row a whole post is read as, with its author, and the post it becomes.

use sqlx::FromRow;

use crate::accounts::Role;
use crate::db::Timestamp;
use crate::posts::markdown::SafeHtml;
use crate::posts::{AnswerTo, Author, Post, PostStatus};

#[derive(FromRow)]
pub(in crate::store) struct PostRow {
    id: i64,
    author_id: i64,
    author_username: String,
    author_name: String,
    author_role: String,
    title: String,
    slug: String,
    body: String,
    body_html: String,
    excerpt: String,
    labels: String,
    status: String,
    review_note: Option<String>,
    published_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
    edited_at: Option<Timestamp>,
    trashed_at: Option<Timestamp>,
    comments_open: bool,
    assignment_id: Option<i64>,
    assignment_title: Option<String>,
}

impl From<PostRow> for Post {
    fn from(row: PostRow) -> Post {
        Post {
            id: row.id,
            author: Author {
                id: row.author_id,
                username: row.author_username,
                display_name: row.author_name,
                is_teacher: Role::from_stored(&row.author_role) == Role::Teacher,
            },
            title: row.title,
            slug: row.slug,
            body: row.body,
            body_html: SafeHtml::from_stored(row.body_html),
            excerpt: row.excerpt,
            labels: split_labels(&row.labels),
            status: PostStatus::from_stored(&row.status),
            review_note: row.review_note,
            published_at: row.published_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            edited_at: row.edited_at,
            trashed_at: row.trashed_at,
            comments_open: row.comments_open,
            answer_to: AnswerTo::from_columns(row.assignment_id, row.assignment_title),
        }
    }
}

pub(in crate::store) fn split_labels(joined: &str) -> Vec<String> {
    joined
        .split(", ")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
