//! Comments on a post: the thread as each reader may see it, the form, and what
//! commenters, readers and post authors can do to a comment.

use std::collections::HashSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::User;
use crate::auth::token;
use crate::comments::{
    ApprovalPolicy, Comment, CommentAuthor, CommentBody, CommentState, Commenter, Flag,
    GUEST_MIN_FILL, GuestName, RATE_LIMIT_PER_MINUTE, Verdict, comments_closed, may_delete_own,
    may_edit, may_see, parse_note, reply_position, verdict,
};
use crate::dates::SchoolZone;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::markdown::{SafeHtml, render_comment};
use crate::posts::{Post, may_read};
use crate::store::{CommentEdit, CommentSent, NewComment};
use crate::web::forms::FieldErrors;
use crate::web::handlers::reading::post_page;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::{ClientAddress, SignedIn, Teacher, Viewer};

/// Comments a whole address may send in a minute: a class often shares one address.
const ADDRESS_LIMIT_PER_MINUTE: i64 = 30;
/// A comment form older than this is stale (for guests' signed timestamps).
const FORM_MAX_AGE: time::Duration = time::Duration::days(1);

/// Whether, and how, this viewer may comment on this post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAccess {
    /// A class member comments as themselves.
    Member,
    /// A guest, who gives a name; always held.
    Guest,
    /// Comments are closed on this post.
    Closed,
    /// Only class members comment, and the viewer is not signed in.
    SignInRequired,
    /// A teacher stopped this student from commenting.
    Stopped,
}

/// Works out the viewer's access to a post's comments.
pub fn comment_access(post: &Post, viewer: &Viewer) -> CommentAccess {
    if comments_closed(post, &viewer.site.discussion, Timestamp::now()) {
        return CommentAccess::Closed;
    }
    match &viewer.user {
        Some(user) if !user.can_comment && !user.is_teacher() => CommentAccess::Stopped,
        Some(_) => CommentAccess::Member,
        None if viewer.site.discussion.anyone_may_comment => CommentAccess::Guest,
        None => CommentAccess::SignInRequired,
    }
}

/// One comment as a reader sees it, with the replies under it.
pub struct CommentView {
    /// id.
    pub id: i64,
    /// author name.
    pub author_name: String,
    /// author path.
    pub author_path: Option<String>,
    /// date.
    pub date: String,
    /// datetime.
    pub datetime: String,
    /// body.
    pub body: SafeHtml,
    /// waiting.
    pub waiting: bool,
    /// rejected.
    pub rejected: bool,
    /// rejection note.
    pub rejection_note: Option<String>,
    /// edited by teacher.
    pub edited_by_teacher: bool,
    /// can reply.
    pub can_reply: bool,
    /// can edit.
    pub can_edit: bool,
    /// can delete.
    pub can_delete: bool,
    /// can report.
    pub can_report: bool,
    /// can hide.
    pub can_hide: bool,
    /// replies.
    pub replies: Vec<CommentView>,
}

/// The comment form as drawn, with what the reader typed.
#[derive(Debug, Default)]
pub struct CommentForm {
    /// The text.
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
    /// The threads, oldest first.
    pub threads: Vec<CommentView>,
    /// How many comments this reader sees.
    pub count: usize,
    /// Who may comment.
    pub access: CommentAccess,
    /// The form.
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

    /// Whether a guest is writing.
    pub fn is_guest(&self) -> bool {
        self.access == CommentAccess::Guest
    }

    /// Whether the form is shown.
    pub fn shows_form(&self) -> bool {
        matches!(self.access, CommentAccess::Member | CommentAccess::Guest)
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

/// What the post page's comment section shows this viewer.
pub async fn comment_section(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    mut form: CommentForm,
    reply_to: Option<i64>,
) -> Result<CommentSection, AppError> {
    let user = viewer.user.as_ref();
    let comments: Vec<Comment> = state
        .store
        .thread_for(
            post.id,
            user.map(|u| u.id),
            user.is_some_and(User::is_teacher),
        )
        .await?
        .into_iter()
        .filter(|c| may_see(c, user))
        .collect();
    let access = comment_access(post, viewer);
    if let Some(id) = reply_to {
        form.reply_to = comments
            .iter()
            .find(|c| c.id == id && c.state == CommentState::Approved)
            .map(|c| (c.id, c.author_name().to_owned()));
    }
    if access == CommentAccess::Guest && form.started.is_empty() {
        form.started = token::sign_time(state.form_secret().await?, Timestamp::now());
    }
    let count = comments.len();
    let threads = build_threads(&comments, viewer, post, access);
    Ok(CommentSection {
        threads,
        count,
        access,
        form,
        notice: None,
        post_id: post.id,
        may_close: user.is_some_and(User::is_teacher),
        open: post.comments_open,
    })
}

/// What every comment of one page is judged by, worked out once per page.
struct Thread<'a> {
    viewer: &'a Viewer,
    post: &'a Post,
    access: CommentAccess,
    zone: SchoolZone,
    now: Timestamp,
}

fn build_threads(
    comments: &[Comment],
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
    // A reply whose parent this reader cannot see stands at the top level.
    comments
        .iter()
        .filter(|c| c.parent_id.is_none_or(|p| !visible.contains(&p)))
        .map(|c| thread.view_with_replies(c, comments))
        .collect()
}

impl Thread<'_> {
    fn view_with_replies(&self, comment: &Comment, all: &[Comment]) -> CommentView {
        let mut view = self.view(comment);
        view.replies = all
            .iter()
            .filter(|c| c.parent_id == Some(comment.id))
            .map(|c| self.view_with_replies(c, all))
            .collect();
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
            author_path: match &comment.author {
                CommentAuthor::Member { username, .. } => Some(format!("/u/{username}")),
                CommentAuthor::Guest { .. } => None,
            },
            date: zone.date_and_time(comment.created_at),
            datetime: crate::dates::rfc3339(comment.created_at),
            body: comment.body_html.clone(),
            waiting: comment.state == CommentState::Pending,
            rejected: comment.state == CommentState::Rejected,
            rejection_note: comment.rejection_note.clone(),
            edited_by_teacher: comment.edited_by_teacher,
            can_reply: approved && matches!(access, CommentAccess::Member | CommentAccess::Guest),
            can_edit: user.is_some_and(|u| may_edit(comment, u, now)),
            can_delete: user.is_some_and(|u| may_delete_own(comment, u, now)),
            can_report: approved && user.is_some() && !own,
            can_hide: approved && !own && user.is_some_and(|u| u.id == post.author.id),
            replies: Vec::new(),
        }
    }
}

/// The comment form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct CommentFormInput {
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
    /// The honeypot: hidden from people, filled in by robots.
    #[serde(default)]
    website: String,
    #[serde(default)]
    started: String,
}

async fn live_post(state: &AppState, viewer: &Viewer, post_id: i64) -> Result<Post, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !post.is_live() || !may_read(&post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok(post)
}

/// `POST /posts/{id}/comments`
pub async fn create_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientAddress(address): ClientAddress,
    Path(post_id): Path<i64>,
    Form(input): Form<CommentFormInput>,
) -> Result<Response, AppError> {
    let post = live_post(&state, &viewer, post_id).await?;
    let access = comment_access(&post, &viewer);
    let mut errors = FieldErrors::new();
    let body = errors.check("comment-body", CommentBody::parse(&input.body));
    let guest_name = match access {
        CommentAccess::Guest => errors.check("comment-name", GuestName::parse(&input.name)),
        CommentAccess::Member => None,
        CommentAccess::Closed => {
            return refuse(
                &state,
                &viewer,
                &post,
                &input,
                "comment-body",
                "Comments are closed on this post.",
                StatusCode::FORBIDDEN,
            )
            .await;
        }
        CommentAccess::Stopped => {
            return refuse(
                &state,
                &viewer,
                &post,
                &input,
                "comment-body",
                "Your teacher has paused your commenting.",
                StatusCode::FORBIDDEN,
            )
            .await;
        }
        CommentAccess::SignInRequired => {
            return Err(AppError::SignInRequired {
                next: format!("{}#comments", post.path()),
            });
        }
    };
    let parent = match input.parent_id.trim() {
        "" => None,
        id => {
            let id: i64 = id
                .parse()
                .map_err(|_| AppError::BadRequest("That reply is not to a comment here."))?;
            let parent = state
                .store
                .comment_by_id(id)
                .await?
                .filter(|c| c.post_id == post.id && c.state == CommentState::Approved);
            Some(parent.ok_or(AppError::BadRequest("That reply is not to a comment here."))?)
        }
    };
    let (Some(body), true) = (body, errors.is_empty()) else {
        return redraw(
            &state,
            &viewer,
            &post,
            &input,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };

    let now = Timestamp::now();
    let minute_ago = now - time::Duration::minutes(1);
    let user = viewer.user.as_ref();
    let fingerprint = body.fingerprint();
    let checks = state
        .store
        .sending_checks(
            &CommentSent {
                post_id: post.id,
                author_id: user.map(|u| u.id),
                address: &address,
                body_hash: &fingerprint,
            },
            minute_ago,
        )
        .await?;
    // An account has its own limit; a guest shares the limit of their address.
    let own = if user.is_some() {
        checks.by_author
    } else {
        checks.from_address
    };
    let too_fast = own >= RATE_LIMIT_PER_MINUTE || checks.from_address >= ADDRESS_LIMIT_PER_MINUTE;
    if too_fast {
        tracing::warn!(%address, user = ?user.map(|u| &u.username), "comment rate limit");
        return refuse(
            &state,
            &viewer,
            &post,
            &input,
            "comment-body",
            "You are commenting very fast. Wait a minute, then post again.",
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    if checks.duplicate {
        return refuse(
            &state,
            &viewer,
            &post,
            &input,
            "comment-body",
            "You have already posted this comment here.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }

    let (state_after, reason) = if access == CommentAccess::Guest {
        match guest_check(&state, &input, now).await? {
            GuestCheck::Robot(reason) => (CommentState::Spam, reason),
            GuestCheck::TooQuick => {
                return refuse(
                    &state,
                    &viewer,
                    &post,
                    &input,
                    "comment-body",
                    "That was quick! Please read the post, then send your comment again.",
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            GuestCheck::Person => judged(&state, &viewer, Commenter::Guest, &body),
        }
    } else {
        let commenter = commenter_for(&state, &viewer, user).await?;
        judged(&state, &viewer, commenter, &body)
    };
    let (parent_id, depth) = match &parent {
        Some(parent) => {
            let (id, depth) = reply_position(parent);
            (Some(id), depth)
        }
        None => (None, 1),
    };
    let html = render_comment(body.as_str());
    let id = state
        .store
        .create_comment(NewComment {
            post_id: post.id,
            parent_id,
            depth,
            author_id: user.map(|u| u.id),
            guest_name: guest_name.as_ref().map(|name| name.as_str().to_owned()),
            body: body.as_str().to_owned(),
            body_html: html,
            body_hash: fingerprint,
            state: state_after,
            reason: Some(reason),
            address,
        })
        .await?;
    tracing::info!(
        comment_id = id,
        post_id = post.id,
        state = state_after.as_str(),
        reason,
        "comment received"
    );
    let outcome = match state_after {
        CommentState::Approved => "posted",
        CommentState::Rejected => "rejected",
        _ => "waiting",
    };
    let anchor = if user.is_some() {
        format!("comment-{id}")
    } else {
        "comments".to_owned()
    };
    Ok(Redirect::to(&format!("{}?comment={outcome}#{anchor}", post.path())).into_response())
}

fn judged(
    _state: &AppState,
    viewer: &Viewer,
    commenter: Commenter,
    body: &CommentBody,
) -> (CommentState, &'static str) {
    match verdict(&viewer.site.discussion, commenter, body) {
        Verdict::Approve => (CommentState::Approved, "approved by the class's settings"),
        Verdict::Hold(reason) => (CommentState::Pending, reason),
        Verdict::Reject => (CommentState::Rejected, "a word on the reject list"),
    }
}

async fn commenter_for(
    state: &AppState,
    viewer: &Viewer,
    user: Option<&User>,
) -> Result<Commenter, AppError> {
    // Only one rule asks whether a student is known; the others spare the query.
    let rule_asks = viewer.site.discussion.approval == ApprovalPolicy::ApproveKnown;
    Ok(match user {
        Some(user) if user.is_teacher() => Commenter::Teacher,
        Some(user) => Commenter::Student {
            known: rule_asks && state.store.has_approved_comment(user.id).await?,
        },
        None => Commenter::Guest,
    })
}

enum GuestCheck {
    Person,
    TooQuick,
    Robot(&'static str),
}

/// The honeypot and the form's age: robots fill every field and answer at once.
async fn guest_check(
    state: &AppState,
    input: &CommentFormInput,
    now: Timestamp,
) -> Result<GuestCheck, AppError> {
    if !input.website.trim().is_empty() {
        return Ok(GuestCheck::Robot("the hidden field was filled in"));
    }
    let Some(started) = token::verify_time(state.form_secret().await?, &input.started) else {
        return Ok(GuestCheck::Robot(
            "the form's timestamp was missing or forged",
        ));
    };
    let age = now - started;
    if age > FORM_MAX_AGE || age < time::Duration::ZERO {
        return Ok(GuestCheck::Robot("the form's timestamp was out of range"));
    }
    Ok(if age < GUEST_MIN_FILL {
        GuestCheck::TooQuick
    } else {
        GuestCheck::Person
    })
}

async fn redraw(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    input: &CommentFormInput,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let form = CommentForm {
        body: input.body.clone(),
        name: input.name.clone(),
        reply_to: None,
        errors,
        started: String::new(),
    };
    let reply_to = input.parent_id.trim().parse().ok();
    let page = post_page(state, viewer, post.clone(), form, reply_to).await?;
    render_status(status, &page)
}

async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    input: &CommentFormInput,
    field: &'static str,
    message: &'static str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    redraw(state, viewer, post, input, errors, status).await
}

/// A comment and its post, if the viewer may see both.
async fn visible_comment(
    state: &AppState,
    viewer: &Viewer,
    comment_id: i64,
) -> Result<(Comment, Post), AppError> {
    let comment = state
        .store
        .comment_by_id(comment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let post = state
        .store
        .post_by_id(comment.post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(&comment, viewer.user.as_ref()) || !may_read(&post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok((comment, post))
}

#[derive(Template)]
#[template(path = "comment_edit.html")]
struct EditPage {
    layout: Layout,
    comment_id: i64,
    post_title: String,
    post_path: String,
    body: String,
    rejection_note: Option<String>,
    errors: FieldErrors,
}

/// `GET /comments/{id}/edit`
pub async fn edit_comment_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (comment, post) = visible_comment(&state, &signed_in.viewer, id).await?;
    if !may_edit(&comment, &signed_in.user, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    render(&EditPage {
        layout: signed_in.viewer.layout("Edit comment"),
        comment_id: comment.id,
        post_title: post.title.clone(),
        post_path: post.path(),
        body: comment.body.clone(),
        rejection_note: comment
            .rejection_note
            .clone()
            .filter(|_| comment.state == CommentState::Rejected),
        errors: FieldErrors::new(),
    })
}

/// The edit form.
#[derive(Debug, Deserialize)]
pub struct EditInput {
    #[serde(default, rename = "comment-body")]
    body: String,
}

/// `POST /comments/{id}/edit`: the author's change goes through the rules again (a
/// rejected comment is so resubmitted); a teacher's change keeps the state and says so.
pub async fn update_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<EditInput>,
) -> Result<Response, AppError> {
    let (comment, post) = visible_comment(&state, &signed_in.viewer, id).await?;
    let user = &signed_in.user;
    if !may_edit(&comment, user, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    let body = match CommentBody::parse(&input.body) {
        Ok(body) => body,
        Err(problem) => {
            let mut errors = FieldErrors::new();
            errors.add("comment-body", problem);
            let page = EditPage {
                layout: signed_in.viewer.layout("Edit comment"),
                comment_id: comment.id,
                post_title: post.title.clone(),
                post_path: post.path(),
                body: input.body,
                rejection_note: comment.rejection_note.clone(),
                errors,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let by_teacher = user.is_teacher() && !comment.is_by(user);
    let new_state = if by_teacher {
        comment.state
    } else {
        judged(
            &state,
            &signed_in.viewer,
            commenter_for(&state, &signed_in.viewer, Some(user)).await?,
            &body,
        )
        .0
    };
    let html = render_comment(body.as_str());
    let saved = state
        .store
        .edit_comment(
            &comment,
            &CommentEdit {
                body: body.as_str(),
                body_html: &html,
                body_hash: &body.fingerprint(),
                state: new_state,
                by_teacher,
                actor_id: user.id,
            },
        )
        .await?;
    if !saved {
        return Err(AppError::BadRequest(
            "The comment changed while you were editing it. Please try again.",
        ));
    }
    Ok(Redirect::to(&format!("{}#comment-{}", post.path(), comment.id)).into_response())
}

/// `POST /comments/{id}/delete`: the author takes it back within 15 minutes.
pub async fn delete_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (comment, post) = visible_comment(&state, &signed_in.viewer, id).await?;
    if !may_delete_own(&comment, &signed_in.user, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .delete_own_comment(comment.id, signed_in.user.id)
        .await?;
    Ok(Redirect::to(&format!("{}?comment=deleted#comments", post.path())).into_response())
}

#[derive(Template)]
#[template(path = "comment_flag.html")]
struct FlagPage {
    layout: Layout,
    heading: &'static str,
    explanation: &'static str,
    button: &'static str,
    action: String,
    comment_author: String,
    comment_body: SafeHtml,
    post_path: String,
    reason: String,
    errors: FieldErrors,
}

fn flag_words(flag: Flag) -> (&'static str, &'static str, &'static str) {
    match flag {
        Flag::Reported => (
            "Report a comment",
            "The comment leaves the page at once and a teacher looks at it. Say what is wrong with it.",
            "Report",
        ),
        Flag::Hidden => (
            "Hide a comment on your post",
            "The comment leaves your post at once and goes to the teachers with your reason.",
            "Hide",
        ),
    }
}

/// Whether `user` may flag `comment` on `post` this way.
fn may_flag(flag: Flag, comment: &Comment, post: &Post, user: &User) -> bool {
    let fair = comment.state == CommentState::Approved && !comment.is_by(user);
    match flag {
        Flag::Reported => fair,
        Flag::Hidden => fair && post.author.id == user.id,
    }
}

fn flag_page(
    signed_in: &SignedIn,
    flag: Flag,
    comment: &Comment,
    post: &Post,
    reason: String,
    errors: FieldErrors,
) -> FlagPage {
    let (heading, explanation, button) = flag_words(flag);
    let verb = if flag == Flag::Reported {
        "report"
    } else {
        "hide"
    };
    FlagPage {
        layout: signed_in.viewer.layout(heading),
        heading,
        explanation,
        button,
        action: format!("/comments/{}/{verb}", comment.id),
        comment_author: comment.author_name().to_owned(),
        comment_body: comment.body_html.clone(),
        post_path: post.path(),
        reason,
        errors,
    }
}

/// The comment and post, if `signed_in` may flag the comment this way.
async fn flaggable(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
) -> Result<(Comment, Post), AppError> {
    let (comment, post) = visible_comment(state, &signed_in.viewer, id).await?;
    if !may_flag(flag, &comment, &post, &signed_in.user) {
        return Err(AppError::Forbidden);
    }
    Ok((comment, post))
}

async fn flag_form(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
) -> Result<Response, AppError> {
    let (comment, post) = flaggable(state, signed_in, id, flag).await?;
    render(&flag_page(
        signed_in,
        flag,
        &comment,
        &post,
        String::new(),
        FieldErrors::new(),
    ))
}

/// The report and hide forms.
#[derive(Debug, Deserialize)]
pub struct FlagInput {
    #[serde(default)]
    reason: String,
}

async fn flag_comment(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
    input: FlagInput,
) -> Result<Response, AppError> {
    let (comment, post) = flaggable(state, signed_in, id, flag).await?;
    let reason = match parse_note(&input.reason, true) {
        Ok(Some(reason)) => reason,
        problem => {
            let mut errors = FieldErrors::new();
            errors.add("reason", problem.err().unwrap_or("Say why in a few words."));
            let page = flag_page(signed_in, flag, &comment, &post, input.reason, errors);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    state
        .store
        .flag_comment(comment.id, flag, &reason, signed_in.user.id)
        .await?;
    tracing::info!(comment_id = comment.id, by = %signed_in.user.username, flag = flag.as_str(), "comment flagged");
    let outcome = if flag == Flag::Reported {
        "reported"
    } else {
        "hidden"
    };
    Ok(Redirect::to(&format!("{}?comment={outcome}#comments", post.path())).into_response())
}

/// `GET /comments/{id}/report`
pub async fn report_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    flag_form(&state, &signed_in, id, Flag::Reported).await
}

/// `POST /comments/{id}/report`
pub async fn report_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, AppError> {
    flag_comment(&state, &signed_in, id, Flag::Reported, input).await
}

/// `GET /comments/{id}/hide`
pub async fn hide_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    flag_form(&state, &signed_in, id, Flag::Hidden).await
}

/// `POST /comments/{id}/hide`
pub async fn hide_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, AppError> {
    flag_comment(&state, &signed_in, id, Flag::Hidden, input).await
}

/// The open/close form.
#[derive(Debug, Deserialize)]
pub struct OpenInput {
    #[serde(default)]
    open: String,
}

/// `POST /posts/{id}/comments-open`: a teacher opens or closes a post's comments.
pub async fn set_comments_open(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
    Form(input): Form<OpenInput>,
) -> Result<Response, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = input.open == "true";
    state.store.set_comments_open(post.id, open).await?;
    tracing::info!(post_id, open, by = %teacher.0.user.username, "comments opened or closed");
    Ok(Redirect::to(&format!("{}#comments", post.path())).into_response())
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
