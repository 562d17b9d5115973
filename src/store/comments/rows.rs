//! The row a comment is read as, with its author, and the comment it becomes.

use sqlx::FromRow;

use crate::accounts::Role;
use crate::comments::{Comment, CommentAuthor, CommentState, Flag};
use crate::db::Timestamp;
use crate::posts::markdown::SafeHtml;

#[derive(FromRow)]
pub(super) struct CommentRow {
    id: i64,
    post_id: i64,
    parent_id: Option<i64>,
    depth: i32,
    author_id: Option<i64>,
    author_username: Option<String>,
    author_name: Option<String>,
    author_role: Option<String>,
    guest_name: Option<String>,
    body: String,
    body_html: String,
    state: String,
    flag: Option<String>,
    flag_reason: Option<String>,
    rejection_note: Option<String>,
    edited_by_teacher: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Comment {
        let author = match (row.author_id, row.author_username, row.author_name) {
            (Some(id), Some(username), Some(display_name)) => CommentAuthor::Member {
                id,
                username,
                display_name,
                is_teacher: row.author_role.as_deref() == Some(Role::Teacher.as_str()),
            },
            _ => CommentAuthor::Guest {
                name: row.guest_name.unwrap_or_else(|| "Guest".to_owned()),
            },
        };
        Comment {
            id: row.id,
            post_id: row.post_id,
            parent_id: row.parent_id,
            depth: row.depth,
            author,
            body: row.body,
            body_html: SafeHtml::from_stored(row.body_html),
            state: CommentState::from_stored(&row.state),
            flag: row.flag.as_deref().and_then(Flag::from_stored),
            flag_reason: row.flag_reason,
            rejection_note: row.rejection_note,
            edited_by_teacher: row.edited_by_teacher,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
