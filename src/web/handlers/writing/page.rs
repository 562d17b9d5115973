//! The Write and edit page: one form for a new post and an existing one, with whatever
//! the writer typed, the messages beside the fields, and the buttons that fit the post.

use askama::Template;

use super::form::WriteForm;
use crate::media::UploadedImage;
use crate::posts::markdown::SafeHtml;
use crate::posts::{Post, PostStatus};
use crate::web::forms::FieldErrors;
use crate::web::layout::Layout;
use crate::web::viewer::SignedIn;

#[derive(Template)]
#[template(path = "write.html")]
pub(super) struct WritePage {
    pub(super) layout: Layout,
    /// `None` for a new post.
    pub(super) post: Option<Post>,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) labels: String,
    /// The assignment chosen in the select, as its value ("" for none).
    pub(super) assignment: String,
    /// The assignments this post may answer: id and title.
    pub(super) assignment_choices: Vec<(i64, String)>,
    pub(super) errors: FieldErrors,
    pub(super) notice: Option<String>,
    pub(super) uploaded: Option<UploadedImage>,
    pub(super) preview: Option<SafeHtml>,
    pub(super) approval_required: bool,
    pub(super) is_teacher: bool,
}

impl WritePage {
    pub(super) fn new(signed_in: &SignedIn, post: Option<Post>) -> WritePage {
        let heading = if post.is_some() { "Edit post" } else { "Write" };
        WritePage {
            layout: signed_in.viewer.layout(heading),
            title: post.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            body: post.as_ref().map(|p| p.body.clone()).unwrap_or_default(),
            labels: post
                .as_ref()
                .map(|p| p.labels.join(", "))
                .unwrap_or_default(),
            assignment: post
                .as_ref()
                .and_then(|p| p.answer_to.as_ref())
                .map(|a| a.assignment_id.to_string())
                .unwrap_or_default(),
            assignment_choices: Vec::new(),
            post,
            errors: FieldErrors::new(),
            notice: None,
            uploaded: None,
            preview: None,
            approval_required: signed_in.viewer.site.posts_need_approval,
            is_teacher: signed_in.user.is_teacher(),
        }
    }

    pub(super) fn keep(mut self, form: &WriteForm) -> WritePage {
        self.title = form.title.clone();
        self.body = form.body.clone();
        self.labels = form.labels.clone();
        if let Some(assignment) = &form.assignment {
            self.assignment = assignment.clone();
        }
        self
    }

    /// "120 words", counted as the reader will see them.
    fn word_count(&self) -> String {
        let words = crate::posts::reading::words(&self.body);
        if words == 1 {
            "1 word".to_owned()
        } else {
            format!("{words} words")
        }
    }

    /// "About 2 minutes to read".
    fn reading_time(&self) -> String {
        crate::posts::reading::reading_time(crate::posts::reading::words(&self.body))
    }

    fn is_published(&self) -> bool {
        self.post
            .as_ref()
            .is_some_and(|p| p.status == PostStatus::Published)
    }

    fn in_review(&self) -> bool {
        self.post
            .as_ref()
            .is_some_and(|p| p.status == PostStatus::Review)
    }

    fn review_note(&self) -> Option<&str> {
        self.post
            .as_ref()
            .filter(|p| p.status == PostStatus::Draft)
            .and_then(|p| p.review_note.as_deref())
    }

    /// Whether this person's Publish goes to a teacher first.
    fn goes_to_review(&self) -> bool {
        self.approval_required && !self.is_teacher
    }

    pub(super) fn publish_label(&self) -> &'static str {
        match (self.is_published(), self.goes_to_review()) {
            (true, true) => "Submit changes for review",
            (true, false) => "Update",
            (false, true) => "Submit for review",
            (false, false) => "Publish",
        }
    }

    /// Whether `id` is the assignment chosen, for the `selected` option.
    fn answers(&self, id: &i64) -> bool {
        self.assignment == id.to_string()
    }

    fn action_path(&self) -> String {
        match &self.post {
            Some(post) => format!("/posts/{}/edit", post.id),
            None => "/write".to_owned(),
        }
    }
}
