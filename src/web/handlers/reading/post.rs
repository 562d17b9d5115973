//! A post's page: the post, its neighbours, and its comments as this reader sees them,
//! drawn from the parts every reader shares (kept by `post_parts`) and what is this
//! reader's alone (their navigation, their own waiting or rejected comments, the form).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::comments::access::{CommentAccess, comment_access};
use crate::comments::comments_close_at;
use crate::dates::rfc3339;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::{Post, PostStatus, may_change, may_read, slug};
use crate::store::PostLink;
use crate::web::forms::FieldErrors;
use crate::web::handlers::whats_new;
use crate::web::layout::{Layout, render};
use crate::web::page_cache::Shareable;
use crate::web::post_parts::PostParts;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::LabelLink;
use crate::web::views::feedback::{FeedbackSection, feedback_section};
use crate::web::views::thread::{CommentForm, CommentQuery, CommentSection, comment_section};

/// A post's page.
#[derive(Template)]
#[template(path = "post.html")]
pub struct PostPageView<'a> {
    layout: Layout,
    post: &'a Post,
    author_path: String,
    date: Option<String>,
    datetime: Option<String>,
    updated: Option<String>,
    labels: Vec<LabelLink>,
    may_edit: bool,
    older: Option<&'a PostLink>,
    newer: Option<&'a PostLink>,
    /// Only for the author and the teachers: never on a page kept for others.
    feedback: Option<FeedbackSection>,
    comments: CommentSection,
}

impl PostPageView<'_> {
    fn status_note(&self) -> Option<&'static str> {
        if self.post.trashed_at.is_some() {
            return Some("This post is in the trash. Only its author and the teachers can see it.");
        }
        match self.post.status {
            PostStatus::Draft => {
                Some("This is a draft. Only its author and the teachers can see it.")
            }
            PostStatus::Review => Some(
                "This post is waiting for a teacher's review. Only its author and the teachers can see it.",
            ),
            PostStatus::Published => None,
        }
    }
}

/// `GET /posts/{slug}`: the post, or a redirect from an address it used to have.
pub async fn show_post(
    State(state): State<AppState>,
    mut viewer: Viewer,
    Path(post_slug): Path<String>,
    Query(query): Query<CommentQuery>,
    Query(done): Query<FeedbackQuery>,
) -> Result<Response, AppError> {
    if !slug::is_well_formed(&post_slug) {
        return Err(AppError::NotFound);
    }
    let Some(parts) = state.post_parts.get(&state.store, &post_slug).await? else {
        return match state.store.slug_for_old_slug(&post_slug).await? {
            Some(current) => Ok(Redirect::permanent(&format!("/posts/{current}")).into_response()),
            None => Err(AppError::NotFound),
        };
    };
    let post = &parts.post;
    // A post the viewer may not see answers as if it did not exist.
    if !may_read(post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    // The page changes by itself when its comments close after so many days; and a
    // guest's comment form carries the time it was drawn (the robot check), so a page
    // with one is drawn afresh for every reader.
    let until = comments_close_at(post, &viewer.site.discussion);
    whats_new::see_post(&state, &mut viewer, post.id).await;
    let user = viewer.user.as_ref();
    let access = comment_access(post, &viewer.site.discussion, user, Timestamp::now());
    let shareable = access != CommentAccess::Guest;
    let mut page = post_page(
        &state,
        &viewer,
        &parts,
        CommentForm::default(),
        query.reply_to(),
        None,
    )
    .await?;
    page.comments.notice = query.notice();
    if let Some(feedback) = page.feedback.as_mut() {
        feedback.notice = done.notice();
    }
    let mut response = render(&page)?;
    // Only signed-out readers are served from memory, and they never get feedback; a
    // page that carries some is still never marked as one to keep.
    if shareable && page.feedback.is_none() {
        response.extensions_mut().insert(Shareable { until });
    }
    Ok(response)
}

/// What just happened to the feedback, after saving it.
#[derive(Debug, Deserialize)]
pub struct FeedbackQuery {
    feedback: Option<String>,
}

impl FeedbackQuery {
    fn notice(&self) -> Option<&'static str> {
        match self.feedback.as_deref() {
            Some("saved") => {
                Some("Your feedback is saved. Only the author and the teachers see it.")
            }
            Some("unchanged") => Some("The feedback was already this text: nothing was saved."),
            _ => None,
        }
    }
}

/// The kept parts of `post`, for its page drawn again after a refused form.
pub async fn parts_of(state: &AppState, post: &Post) -> Result<Arc<PostParts>, AppError> {
    state
        .post_parts
        .get(&state.store, &post.slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The post page drawn from `parts` for this viewer, with its feedback (and a rejected
/// feedback text, if given), its comments and the comment form as given.
pub async fn post_page<'a>(
    state: &AppState,
    viewer: &Viewer,
    parts: &'a PostParts,
    form: CommentForm,
    reply_to: Option<i64>,
    typed_feedback: Option<(String, FieldErrors)>,
) -> Result<PostPageView<'a>, AppError> {
    let zone = viewer.zone();
    let post = &parts.post;
    let thread = (parts.comments.as_slice(), &parts.threads);
    let comments = comment_section(state, viewer, post, thread, form, reply_to);
    let feedback = feedback_section(state, viewer, post, typed_feedback);
    let (comments, feedback) = tokio::try_join!(comments, feedback)?;
    let mut layout = viewer
        .layout(post.title.clone())
        .described(post.excerpt.clone())
        .canonical(&post.path())
        .article()
        .feed(
            format!("Posts by {}", post.author.display_name),
            &format!("/u/{}/feed.xml", post.author.username),
        );
    if let Some(image) = &parts.preview_image {
        layout = layout.image(image);
    }
    Ok(PostPageView {
        author_path: format!("/u/{}", post.author.username),
        date: post.published_at.map(|at| zone.long_date(at)),
        datetime: post.published_at.map(rfc3339),
        updated: post.edited_at.map(|at| zone.date_and_time(at)),
        labels: post.labels.iter().map(|l| LabelLink::new(l)).collect(),
        may_edit: viewer.user.as_ref().is_some_and(|u| may_change(post, u)),
        layout,
        post,
        older: parts.older.as_ref(),
        newer: parts.newer.as_ref(),
        feedback,
        comments,
    })
}
