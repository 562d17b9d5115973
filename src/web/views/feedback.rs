//! The feedback part of a post's page: what its author and the teachers see above the
//! comments, and the teachers' form. Nobody else is ever given one.

use crate::error::AppError;
use crate::feedback::{may_give_feedback, may_read_feedback, render_in_pool};
use crate::posts::Post;
use crate::posts::markdown::SafeHtml;
use crate::store::Feedback;
use crate::web::forms::FieldErrors;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// The feedback written so far, as shown.
pub struct ShownFeedback {
    /// The rendered Markdown.
    pub html: SafeHtml,
    /// "Ms Rivera, 3 December 2026 at 14:05", and "(edited)" when saved more than once.
    pub byline: String,
    /// For teachers: whether, and when, the author has seen this version.
    pub seen: Option<String>,
    /// For teachers: how many versions were saved, this one included.
    pub versions: usize,
}

/// The feedback part of a post's page, for its author or a teacher.
pub struct FeedbackSection {
    /// The post's id, for the form's address.
    pub post_id: i64,
    /// The post's author, named in the heading a teacher sees.
    pub author_name: String,
    /// Whether the viewer is a teacher (who writes) rather than the author (who reads).
    pub for_teacher: bool,
    /// What has been written, if anything.
    pub current: Option<ShownFeedback>,
    /// Whether the form is offered.
    pub may_write: bool,
    /// The form's text: the current version, or what was just typed.
    pub text: String,
    /// A problem with what was just typed.
    pub errors: FieldErrors,
    /// What just happened.
    pub notice: Option<&'static str>,
}

impl FeedbackSection {
    /// Whether the form starts open: nothing written yet, or a typed text came back.
    pub fn form_open(&self) -> bool {
        self.current.is_none() || !self.errors.is_empty()
    }
}

/// The feedback part for this viewer, or `None` when they may not read feedback on
/// `post` (or, as its author, have none yet). `typed` is a rejected text with its problem.
/// The author's look at a new version is recorded as seen.
pub async fn feedback_section(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    typed: Option<(String, FieldErrors)>,
) -> Result<Option<FeedbackSection>, AppError> {
    let Some(user) = viewer
        .user
        .as_ref()
        .filter(|u| may_read_feedback(post, Some(u)))
    else {
        return Ok(None);
    };
    let for_teacher = user.is_teacher();
    let may_write = may_give_feedback(post, user);
    let feedback = state.store.feedback_on(post.id).await?;
    if feedback.is_none() && !may_write {
        return Ok(None);
    }
    if !for_teacher && feedback.as_ref().is_some_and(|f| f.seen_at.is_none()) {
        state.store.mark_feedback_seen(post.id).await?;
    }
    let versions = match &feedback {
        Some(_) if for_teacher => state.store.feedback_versions(post.id).await?.len(),
        _ => 0,
    };
    let current = match &feedback {
        Some(feedback) => Some(shown(viewer, feedback, for_teacher, versions).await?),
        None => None,
    };
    let (text, errors) = typed.unwrap_or_else(|| {
        let body = feedback.map(|f| f.body).unwrap_or_default();
        (body, FieldErrors::new())
    });
    Ok(Some(FeedbackSection {
        post_id: post.id,
        author_name: post.author.display_name.clone(),
        for_teacher,
        current,
        may_write,
        text,
        errors,
        notice: None,
    }))
}

async fn shown(
    viewer: &Viewer,
    feedback: &Feedback,
    for_teacher: bool,
    versions: usize,
) -> Result<ShownFeedback, AppError> {
    let zone = viewer.zone();
    let html = render_in_pool(vec![feedback.body.clone()])
        .await?
        .pop()
        .unwrap_or_default();
    let edited = if feedback.updated_at > feedback.created_at {
        " (edited)"
    } else {
        ""
    };
    let seen = for_teacher.then(|| match feedback.seen_at {
        Some(at) => format!("Seen by the author on {}.", zone.date_and_time(at)),
        None => "Not seen by the author yet.".to_owned(),
    });
    Ok(ShownFeedback {
        html,
        byline: format!(
            "{}, {}{edited}",
            feedback.teacher_name,
            zone.date_and_time(feedback.updated_at)
        ),
        seen,
        versions,
    })
}
