//! The seed's SQL (`quire dev seed`): each statement written once, for one row, for
//! both backends, and listed in [`STATEMENTS`] so the prepare test checks it on both.
//!
//! [`crate::db::batched`] repeats a statement's `values` tuple for as many rows as a batch holds.
//! Ids come back with `returning id`: with the seed as the only writer both backends
//! number a statement's rows one after another in the order given, which [`in_order`]
//! checks rather than assumes.

pub(super) const USER_COUNT: &str = "select count(*) from users";
pub(super) const INSERT_USER: &str = "insert into users (username, display_name, role, password_hash, \
     active, bio, created_at) values ($1, $2, $3, $4, true, $5, $6) returning id";
pub(super) const INSERT_SESSION: &str =
    "insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)";
pub(super) const INSERT_LABEL: &str =
    "insert into labels (name, slug) values ($1, $2) returning id";
pub(super) const INSERT_POST: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, published_at, published_month, created_at, \
     updated_at, edited_at, comments_open, comment_count) values ($1, $2, $3, $4, $5, $6, $7, \
     $8, $9, $10, $11, $12, $13, $14, true, $15) returning id";
pub(super) const INSERT_POST_LABEL: &str =
    "insert into post_labels (post_id, label_id) values ($1, $2)";
// A published post has the revision that publishing it recorded.
pub(super) const INSERT_REVISIONS: &str = "insert into post_revisions (post_id, editor_id, title, body, \
     labels, created_at) select id, author_id, title, body, labels, published_at from posts \
     where id between $1 and $2 and published_at is not null order by id";
pub(super) const INSERT_COMMENT: &str = "insert into comments (post_id, parent_id, depth, author_id, \
     body, body_html, state, body_hash, address, created_at, updated_at, approved_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id";
// Under the default rule every member's comment waits, so each comment's log has its
// submission and, for the approved ones, a teacher's approval.
pub(super) const LOG_SUBMISSIONS: &str = "insert into moderation_log (comment_id, actor_id, action, \
     from_state, to_state, note, created_at) select id, author_id, 'submit', null, 'pending', \
     'comments wait for a teacher', created_at from comments where id between $1 and $2 \
     order by id";
pub(super) const LOG_APPROVALS: &str = "insert into moderation_log (comment_id, actor_id, action, \
     from_state, to_state, note, created_at) select id, $3, 'approve', 'pending', 'approved', \
     null, approved_at from comments where id between $1 and $2 and state = 'approved' \
     order by id";
pub(super) const COUNTS: &str = "select (select count(*) from users) as users, \
     (select count(*) from posts) as posts, \
     (select count(*) from posts where status = 'published') as published, \
     (select count(*) from comments) as comments, \
     (select count(*) from comments where state = 'approved') as approved, \
     (select count(*) from posts p where p.comment_count <> (select count(*) from comments c \
      where c.post_id = p.id and c.state = 'approved')) as miscounted";
pub(super) const ANALYZE: &str = "analyze";

/// Every statement above, for the test that prepares them all on both backends.
pub const STATEMENTS: &[&str] = &[
    USER_COUNT,
    INSERT_USER,
    INSERT_SESSION,
    INSERT_LABEL,
    INSERT_POST,
    INSERT_POST_LABEL,
    INSERT_REVISIONS,
    INSERT_COMMENT,
    LOG_SUBMISSIONS,
    LOG_APPROVALS,
    COUNTS,
    ANALYZE,
];

/// The ids of a batch, checked to be numbered in the order the rows were given.
pub(super) fn in_order(mut ids: Vec<i64>, rows: usize) -> Result<Vec<i64>, sqlx::Error> {
    ids.sort_unstable();
    let consecutive = ids.len() == rows && ids.windows(2).all(|pair| pair[1] == pair[0] + 1);
    if consecutive {
        Ok(ids)
    } else {
        Err(sqlx::Error::Protocol(
            "seeded rows were not numbered one after another; is something else writing?".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::batched;

    #[test]
    fn the_seed_s_comments_batch_with_renumbered_placeholders() {
        let wide = batched(INSERT_COMMENT, 2);
        assert!(wide.0.contains("$12), ($13, $14,"));
        assert!(wide.0.ends_with("$24) returning id"));
    }

    #[test]
    fn every_statement_is_listed_for_the_prepare_test() {
        let declared = include_str!("statements.rs")
            .lines()
            .filter(|line| line.starts_with("pub(super) const ") && line.contains(": &str ="))
            .count();
        assert_eq!(declared, STATEMENTS.len());
    }

    #[test]
    fn ids_out_of_step_with_the_rows_are_refused() {
        assert_eq!(in_order(vec![7, 5, 6], 3).ok(), Some(vec![5, 6, 7]));
        assert!(in_order(vec![5, 7, 8], 3).is_err());
        assert!(in_order(vec![5, 6], 3).is_err());
    }
}
