//! The comments part of a post page as one reader sees it: the threads (only what they
//! may see, with the links they may use), the form with what they typed, and the notice
//! after posting.

use std::collections::{HashMap, HashSet};

use askama::Template;
use serde::Deserialize;

use crate::accounts::User;
use crate::auth::token;
use crate::comments::access::{CommentAccess, comment_access};
use crate::comments::{Comment, CommentAuthor, CommentState, may_delete_own, may_edit, may_see};
use crate::dates::SchoolZone;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::Post;
use crate::posts::markdown::SafeHtml;
use crate::web::forms::FieldErrors;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::drawn::DrawnHtml;
use crate::web::views::kept_thread::{DrawnThreads, KeptThreads, ThreadKey};

/// One comment as a reader sees it, with the replies under it.
///
/// The `can_*` flags decide which links the template draws beside the comment; the
/// handlers behind those links check the same rules again.
pub struct CommentView {
    /// The anchor is `#comment-{id}`.
    pub id: i64,
    /// A member's display name, or the name a guest gave.
    pub author_name: String,
    /// A teacher wrote it: the name carries a badge.
    pub author_is_teacher: bool,
    /// `/u/{username}` for a member; guests have no page.
    pub author_path: Option<String>,
    /// Date and time in the school's zone.
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub datetime: String,
    /// The sanitized rendering.
    pub body: SafeHtml,
    /// Pending: only its author and the teachers see it, marked as waiting.
    pub waiting: bool,
    /// Why it waits, when the personal-data guard holds it.
    pub held_for: Option<&'static str>,
    /// Rejected: only its author sees it, with the teacher's note.
    pub rejected: bool,
    /// The teacher's note to the author, on a rejected comment.
    pub rejection_note: Option<String>,
    /// Says "edited by a teacher" under it.
    pub edited_by_teacher: bool,
    /// Approved, and the viewer may write here.
    pub can_reply: bool,
    /// A teacher, or the author within the edit window (or after a rejection).
    pub can_edit: bool,
    /// The author within the edit window.
    pub can_delete: bool,
    /// Approved, and the viewer is signed in and not its author.
    pub can_report: bool,
    /// Approved, on the viewer's own post, and not by the viewer.
    pub can_hide: bool,
    /// Answers to it, oldest first.
    pub replies: Vec<CommentView>,
}

/// The comment form as drawn, with what the reader typed.
#[derive(Debug, Default)]
pub struct CommentForm {
    /// The comment as typed, kept when the form comes back with a problem.
    pub body: String,
    /// A guest's name.
    pub name: String,
    /// The comment being answered.
    pub reply_to: Option<(i64, String)>,
    /// Problems to show beside the fields.
    pub errors: FieldErrors,
    /// The signed moment the form was drawn (guests only).
    pub started: String,
}

/// The comments part of a post page.
pub struct CommentSection {
    /// The threads, oldest first, drawn.
    pub threads: DrawnHtml,
    /// How many comments this reader sees.
    pub count: usize,
    /// Who may comment.
    pub access: CommentAccess,
    /// Drawn only when `access` lets the reader write.
    pub form: CommentForm,
    /// What just happened, for the message above the form.
    pub notice: Option<&'static str>,
    /// The post, for addresses.
    pub post_id: i64,
    /// Teachers may open and close comments.
    pub may_close: bool,
    /// Whether comments are open on the post itself.
    pub open: bool,
}

impl CommentSection {
    /// "No comments", "1 comment", "7 comments".
    pub fn count_label(&self) -> String {
        comment_count_label(self.count)
    }

    /// The hint under the comment box; guests learn that a teacher reads theirs first.
    pub fn body_hint(&self) -> &'static str {
        if self.is_guest() {
            "Be kind and helpful. A teacher reads every comment before it appears."
        } else {
            "Be kind and helpful."
        }
    }

    /// Whether a guest is writing.
    pub fn is_guest(&self) -> bool {
        self.access == CommentAccess::Guest
    }

    /// Whether the form is shown.
    pub fn shows_form(&self) -> bool {
        self.access.may_write()
    }

    /// Whether comments are closed.
    pub fn is_closed(&self) -> bool {
        self.access == CommentAccess::Closed
    }

    /// Whether the reader must sign in to comment.
    pub fn needs_sign_in(&self) -> bool {
        self.access == CommentAccess::SignInRequired
    }

    /// Whether a teacher stopped this student from commenting.
    pub fn is_stopped(&self) -> bool {
        self.access == CommentAccess::Stopped
    }
}

/// "No comments", "1 comment", "7 comments".
pub fn comment_count_label(count: usize) -> String {
    match count {
        0 => "No comments".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    }
}

/// What the post page's comment section shows this viewer, from every comment on the
/// post that some reader may see: threads kept in `kept` when nothing in them is the
/// viewer's own (see `kept_thread`), else drawn for them.
pub async fn comment_section(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    (all, kept): (&[Comment], &KeptThreads),
    mut form: CommentForm,
    reply_to: Option<i64>,
) -> Result<CommentSection, AppError> {
    let user = viewer.user.as_ref();
    let access = comment_access(post, &viewer.site.discussion, user, Timestamp::now());
    if let Some(id) = reply_to {
        // Approved comments are seen by every reader.
        form.reply_to = all
            .iter()
            .find(|c| c.id == id && c.state == CommentState::Approved)
            .map(|c| (c.id, c.author_name().to_owned()));
    }
    if access == CommentAccess::Guest && form.started.is_empty() {
        form.started = token::sign_time(state.form_secret().await?, Timestamp::now());
    }
    let own = |u: &User| all.iter().any(|c| c.is_by(u) && may_see(c, Some(u)));
    let drawn = if user.is_some_and(own) {
        draw_threads(all, viewer, post, access)?
    } else {
        let key = ThreadKey::new(
            &viewer.site,
            user.is_some(),
            user.is_some_and(User::is_teacher),
            user.is_some_and(|u| u.id == post.author.id),
            access.may_write(),
        );
        match kept.get(&key) {
            Some(drawn) => drawn,
            None => {
                let drawn = draw_threads(all, viewer, post, access)?;
                kept.keep(key, drawn.clone());
                drawn
            }
        }
    };
    Ok(CommentSection {
        threads: drawn.html,
        count: drawn.count,
        access,
        form,
        notice: None,
        post_id: post.id,
        may_close: user.is_some_and(User::is_teacher),
        open: post.comments_open,
    })
}

/// The threads of one page.
#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadView {
    threads: Vec<CommentView>,
}

/// The threads as `viewer` sees them, drawn.
fn draw_threads(
    all: &[Comment],
    viewer: &Viewer,
    post: &Post,
    access: CommentAccess,
) -> Result<DrawnThreads, AppError> {
    let user = viewer.user.as_ref();
    let comments: Vec<&Comment> = all.iter().filter(|c| may_see(c, user)).collect();
    let threads = build_threads(&comments, viewer, post, access);
    Ok(DrawnThreads {
        html: DrawnHtml::draw(&ThreadView { threads })?,
        count: comments.len(),
    })
}

/// Replies, oldest first, by the comment they answer: one pass, not a search per comment.
type Replies<'a> = HashMap<i64, Vec<&'a Comment>>;

/// What every comment of one page is judged by, worked out once per page.
struct Thread<'a> {
    viewer: &'a Viewer,
    post: &'a Post,
    access: CommentAccess,
    zone: SchoolZone,
    now: Timestamp,
}

fn build_threads(
    comments: &[&Comment],
    viewer: &Viewer,
    post: &Post,
    access: CommentAccess,
) -> Vec<CommentView> {
    let thread = Thread {
        viewer,
        post,
        access,
        zone: viewer.zone(),
        now: Timestamp::now(),
    };
    let visible: HashSet<i64> = comments.iter().map(|c| c.id).collect();
    let mut replies = Replies::new();
    for (parent, comment) in comments.iter().filter_map(|c| Some((c.parent_id?, *c))) {
        replies.entry(parent).or_default().push(comment);
    }
    // A reply whose parent this reader cannot see stands at the top level.
    comments
        .iter()
        .filter(|c| c.parent_id.is_none_or(|p| !visible.contains(&p)))
        .map(|c| thread.view_with_replies(c, &replies))
        .collect()
}

impl Thread<'_> {
    fn view_with_replies(&self, comment: &Comment, replies: &Replies) -> CommentView {
        let mut view = self.view(comment);
        if let Some(answers) = replies.get(&comment.id) {
            view.replies = answers
                .iter()
                .map(|c| self.view_with_replies(c, replies))
                .collect();
        }
        view
    }

    fn view(&self, comment: &Comment) -> CommentView {
        let (zone, now, post, access) = (&self.zone, self.now, self.post, self.access);
        let user = self.viewer.user.as_ref();
        let approved = comment.state == CommentState::Approved;
        let own = user.is_some_and(|u| comment.is_by(u));
        CommentView {
            id: comment.id,
            author_name: comment.author_name().to_owned(),
            author_is_teacher: comment.by_teacher(),
            author_path: match &comment.author {
                CommentAuthor::Member { username, .. } => Some(format!("/u/{username}")),
                CommentAuthor::Guest { .. } => None,
            },
            date: zone.date_and_time(comment.created_at),
            datetime: crate::dates::rfc3339(comment.created_at),
            body: comment.body_html.clone(),
            waiting: comment.state == CommentState::Pending,
            held_for: comment.held_for(&self.viewer.site.discussion),
            rejected: comment.state == CommentState::Rejected,
            rejection_note: comment.rejection_note.clone(),
            edited_by_teacher: comment.edited_by_teacher,
            can_reply: approved && access.may_write(),
            can_edit: user.is_some_and(|u| may_edit(comment, u, now)),
            can_delete: user.is_some_and(|u| may_delete_own(comment, u, now)),
            can_report: approved && user.is_some() && !own,
            can_hide: approved && !own && user.is_some_and(|u| u.id == post.author.id),
            replies: Vec::new(),
        }
    }
}

/// `?comment=` after posting, and `?reply_to=` for the reply form.
#[derive(Debug, Default, Deserialize)]
pub struct CommentQuery {
    /// What just happened.
    pub comment: Option<String>,
    /// The comment being answered.
    pub reply_to: Option<String>,
}

impl CommentQuery {
    /// The message for what just happened.
    pub fn notice(&self) -> Option<&'static str> {
        match self.comment.as_deref() {
            Some("posted") => Some("Your comment is posted."),
            Some("waiting") => Some("Thank you! Your comment is waiting for a teacher's approval."),
            Some("rejected") => Some(
                "Your comment was not posted: it has a word this class does not allow. You can edit it.",
            ),
            Some("deleted") => Some("Your comment is deleted."),
            Some("reported") => {
                Some("Thank you. The comment is hidden until a teacher has looked at it.")
            }
            Some("hidden") => {
                Some("The comment is hidden from your post and a teacher will look at it.")
            }
            _ => None,
        }
    }

    /// The id to answer, if any.
    pub fn reply_to(&self) -> Option<i64> {
        self.reply_to.as_deref().and_then(|id| id.parse().ok())
    }
}
