//! A post's history: its revisions, a comparison with the current version, restoring one.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use similar::{ChangeTag, TextDiff};

use super::changes::{self, Transition};
use super::editable_post;
use crate::error::AppError;
use crate::posts::approval::Change;
use crate::posts::{Body, Labels, Post, PostContent, Title};
use crate::store::Revision;
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

struct RevisionRow {
    id: i64,
    title: String,
    editor: String,
    saved: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    post: Post,
    revisions: Vec<RevisionRow>,
}

/// `GET /posts/{id}/history`
pub async fn show_history(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    let zone = signed_in.viewer.zone();
    let revisions = state
        .store
        .revisions_of(post.id)
        .await?
        .into_iter()
        .map(|r| RevisionRow {
            id: r.id,
            saved: zone.date_and_time(r.created_at),
            editor: r.editor_name,
            title: r.title,
        })
        .collect();
    render(&HistoryPage {
        layout: signed_in
            .viewer
            .layout(format!("History of {}", post.title)),
        post,
        revisions,
    })
}

/// One line of a comparison.
struct DiffLine {
    /// "same", "removed" or "added".
    kind: &'static str,
    text: String,
}

#[derive(Template)]
#[template(path = "revision.html")]
struct RevisionPage {
    layout: Layout,
    post: Post,
    revision_id: i64,
    saved: String,
    editor: String,
    title_changed: bool,
    old_title: String,
    lines: Vec<DiffLine>,
}

fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Delete => "removed",
                ChangeTag::Insert => "added",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// A post this person may change, and one of its own revisions.
async fn editable_revision(
    state: &AppState,
    signed_in: &SignedIn,
    post_id: i64,
    revision_id: i64,
) -> Result<(Post, Revision), AppError> {
    let post = editable_post(state, signed_in, post_id).await?;
    let revision = state
        .store
        .revision_by_id(revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if revision.post_id != post.id {
        return Err(AppError::NotFound);
    }
    Ok((post, revision))
}

/// `GET /posts/{id}/history/{revision}`: the revision compared with the current version.
pub async fn show_revision(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((post_id, revision_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (post, revision) = editable_revision(&state, &signed_in, post_id, revision_id).await?;
    render(&RevisionPage {
        layout: signed_in
            .viewer
            .layout(format!("Revision of {}", post.title)),
        revision_id: revision.id,
        saved: signed_in.viewer.zone().date_and_time(revision.created_at),
        editor: revision.editor_name,
        title_changed: revision.title != post.title,
        lines: diff_lines(&revision.body, &post.body),
        old_title: revision.title,
        post,
    })
}

/// `POST /posts/{id}/history/{revision}/restore`: the revision becomes the current
/// version, under the same approval rule as an edit: a live post stays live (the
/// replaced version kept as a new revision) only if this person may publish without
/// approval; otherwise it waits for a teacher's review, off the site.
pub async fn restore_revision(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((post_id, revision_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (post, revision) = editable_revision(&state, &signed_in, post_id, revision_id).await?;
    let content = restorable(revision).await?;
    let text = format!("{}\n{}", content.title.as_str(), content.body.as_str());
    let transition = Transition::of(&signed_in, post.status, Change::Edit, &text);
    changes::before_writing(&state, post.id, transition).await?;
    let record = transition.stays_live().then_some(signed_in.user.id);
    state.store.update_post(&post, &content, record).await?;
    changes::after_writing(&state, &signed_in, post.id, transition).await?;
    tracing::info!(post_id, revision_id, by = %signed_in.user.username, "revision restored");
    let next = if transition.sends_live_post_to_review() {
        format!("/posts/{post_id}/edit?saved=review")
    } else {
        format!("/posts/{post_id}/edit")
    };
    Ok(Redirect::to(&next).into_response())
}

/// A revision's content, checked and rendered again on the CPU pool. A stored revision
/// passed these checks when it was saved; if the rules tightened since, say so.
async fn restorable(revision: Revision) -> Result<PostContent, AppError> {
    let body = Body::parse_in_pool(revision.body).await?;
    match (
        Title::parse(&revision.title),
        body,
        Labels::parse(&revision.labels),
    ) {
        (Ok(title), Ok(body), Ok(labels)) => Ok(PostContent::render(title, body, labels).await?),
        _ => Err(AppError::BadRequest(
            "That revision can no longer be restored as it is.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_marks_removed_and_added_lines() {
        let lines = diff_lines("one\ntwo\nthree\n", "one\n2\nthree\n");
        let kinds: Vec<&str> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["same", "removed", "added", "same"]);
        assert_eq!(lines[2].text, "2");
    }
}
