//! Linking a post to an assignment from the Write form: the assignments offered, and the
//! one-answer rule (`assignments::check_link`) checked before anything is saved, so a
//! refused link comes back beside the field with the text kept.

use crate::assignments::check_link;
use crate::db::is_unique_violation;
use crate::error::AppError;
use crate::posts::Post;
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

/// Shown when the value is not one of the choices.
const UNKNOWN: &str = "Choose an assignment from the list.";
/// A second answer saved at the same moment as the first (two tabs, say).
const SECOND_ANSWER: &str =
    "You already have an answer to this assignment, so this post was saved without the link.";

/// The post's author: the writer of a new post, else whoever wrote it.
fn author_of(signed_in: &SignedIn, existing: Option<&Post>) -> (i64, bool) {
    match existing {
        Some(post) => (post.author.id, post.author.is_teacher),
        None => (signed_in.user.id, signed_in.user.is_teacher()),
    }
}

/// The assignments a student's post may answer: the open ones set for them, and the
/// one it answers now (even closed). A teacher's post answers none.
pub(super) async fn choices(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<&Post>,
) -> Result<Vec<(i64, String)>, AppError> {
    let (author, is_teacher) = author_of(signed_in, existing);
    if is_teacher {
        return Ok(Vec::new());
    }
    let linked = existing.and_then(|p| p.answer_to.as_ref().map(|a| a.assignment_id));
    let group = state.store.group_of(author).await?;
    Ok(state
        .store
        .assignments()
        .await?
        .into_iter()
        .filter(|a| Some(a.id) == linked || !a.closed && a.is_set_for(group))
        .map(|a| (a.id, a.title))
        .collect())
}

/// What the form asks of the post's link: `Ok(None)` to leave it, `Ok(Some(link))` to
/// set it (`Some(None)` unlinks), `Err` with the message for the field.
pub(super) async fn requested_link(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<&Post>,
    typed: Option<&str>,
) -> Result<Result<Option<Option<i64>>, String>, AppError> {
    let linked = existing.and_then(|p| p.answer_to.as_ref().map(|a| a.assignment_id));
    let Some(typed) = typed.map(str::trim) else {
        return Ok(Ok(None));
    };
    if typed.is_empty() {
        return Ok(Ok(linked.map(|_| None)));
    }
    let Ok(id) = typed.parse::<i64>() else {
        return Ok(Err(UNKNOWN.to_owned()));
    };
    if Some(id) == linked {
        return Ok(Ok(None));
    }
    let Some(assignment) = state.store.assignment_by_id(id).await? else {
        return Ok(Err(UNKNOWN.to_owned()));
    };
    let (author, is_teacher) = author_of(signed_in, existing);
    if is_teacher {
        return Ok(Err("Only students' posts answer assignments.".to_owned()));
    }
    let group = state.store.group_of(author).await?;
    let answered = state.store.answer_of(id, author).await?;
    let checked = check_link(
        assignment.is_set_for(group),
        answered
            .as_ref()
            .map(|(post, title)| (*post, title.as_str())),
        existing.map(|p| p.id),
    );
    Ok(checked
        .map(|()| Some(Some(id)))
        .map_err(|refusal| refusal.message()))
}

/// Sets the link once the post is saved. Two saves racing for one student's answer are
/// settled by the database's one-answer index: the loser's post stays saved, unlinked.
pub(super) async fn link(
    state: &AppState,
    post_id: i64,
    link: Option<Option<i64>>,
) -> Result<(), AppError> {
    let Some(assignment) = link else {
        return Ok(());
    };
    match state.store.link_answer(post_id, assignment).await {
        Err(error) if is_unique_violation(&error) => {
            tracing::warn!(
                post_id,
                ?assignment,
                "a second answer to one assignment was refused"
            );
            Err(AppError::BadRequest(SECOND_ANSWER))
        }
        linked => Ok(linked?),
    }
}
