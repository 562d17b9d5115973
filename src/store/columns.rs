//! The column lists statements are built from, each written once. Macros, not consts,
//! so that `concat!` can build each statement as one `&'static str`.

/// Columns of a whole post, joined with its author.
macro_rules! post_select {
    () => {
        "select p.id, p.author_id, u.username as author_username, \
         u.display_name as author_name, u.role as author_role, p.title, p.slug, p.body, p.body_html, p.excerpt, \
         p.labels, p.status, p.review_note, p.published_at, p.created_at, p.updated_at, \
         p.edited_at, p.trashed_at, p.comments_open, p.assignment_id, \
         (select a.title from assignments a where a.id = p.assignment_id) as assignment_title \
         from posts p join users u on u.id = p.author_id"
    };
}

/// The columns of a post in a list (`SummaryRow`), for lists and search results alike;
/// `summary_select!` reads them from the usual join.
macro_rules! summary_columns {
    () => {
        "p.id, u.username as author_username, u.display_name as author_name, \
         u.role as author_role, p.title, \
         p.slug, p.excerpt, p.labels, p.published_at, p.edited_at, p.comment_count, p.assignment_id, \
         (select a.title from assignments a where a.id = p.assignment_id) as assignment_title"
    };
}

/// Posts as lists show them, joined with their authors.
macro_rules! summary_select {
    () => {
        concat!(
            "select ",
            summary_columns!(),
            " from posts p join users u on u.id = p.author_id"
        )
    };
}

/// Only what readers may see: published and not in the trash.
macro_rules! live {
    () => {
        " p.status = 'published' and p.trashed_at is null "
    };
}

/// The columns of a comment with its author (`CommentRow`), then any `$extra` columns
/// of a wider row, read from comments joined with their (perhaps missing) authors.
macro_rules! comment_select {
    ($($extra:literal)?) => {
        concat!(
            "select c.id, c.post_id, c.parent_id, c.depth, c.author_id, \
             u.username as author_username, u.display_name as author_name, \
             u.role as author_role, c.guest_name, \
             c.body, c.body_html, c.state, c.flag, c.flag_reason, c.rejection_note, \
             c.edited_by_teacher, c.created_at, c.updated_at",
            $(", ", $extra,)?
            " from comments c left join users u on u.id = c.author_id"
        )
    };
}
