//! The teacher's Settings page.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::comments::{ApprovalPolicy, DiscussionSettings, parse_word_list};
use crate::dates::SchoolZone;
use crate::error::AppError;
use crate::store::SiteSettings;
use crate::text;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

const TITLE_MAX: usize = 100;
const TAGLINE_MAX: usize = 200;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    form: SettingsForm,
    errors: FieldErrors,
    saved: bool,
}

/// The settings form as posted. Unchecked boxes are absent, hence the defaults.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    tagline: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    posts_need_approval: Option<String>,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    comment_access: String,
    #[serde(default)]
    approval: String,
    #[serde(default)]
    hold_links_over: String,
    #[serde(default)]
    hold_words: String,
    #[serde(default)]
    reject_words: String,
    #[serde(default)]
    close_after_days: String,
    #[serde(default)]
    students_rename: Option<String>,
    #[serde(default)]
    hold_personal_data: Option<String>,
}

impl SettingsForm {
    fn from_settings(site: &SiteSettings) -> SettingsForm {
        SettingsForm {
            title: site.title.clone(),
            tagline: site.tagline.clone(),
            visibility: if site.public { "public" } else { "class" }.to_owned(),
            posts_need_approval: site.posts_need_approval.then(|| "on".to_owned()),
            time_zone: site.time_zone.clone(),
            comment_access: if site.discussion.anyone_may_comment {
                "anyone"
            } else {
                "members"
            }
            .to_owned(),
            approval: site.discussion.approval.as_str().to_owned(),
            hold_links_over: site.discussion.hold_links_over.to_string(),
            hold_words: site.discussion.hold_words.join("\n"),
            reject_words: site.discussion.reject_words.join("\n"),
            close_after_days: site.discussion.close_after_days.to_string(),
            students_rename: site.students_rename.then(|| "on".to_owned()),
            hold_personal_data: site.discussion.hold_personal_data.then(|| "on".to_owned()),
        }
    }

    fn anyone_may_comment(&self) -> bool {
        self.comment_access == "anyone"
    }

    fn approval_is(&self, policy: &str) -> bool {
        ApprovalPolicy::from_stored(&self.approval).as_str() == policy
    }

    fn is_public(&self) -> bool {
        self.visibility != "class"
    }

    fn needs_approval(&self) -> bool {
        self.posts_need_approval.is_some()
    }
}

/// A line of plain text with its spacing folded, at most `max` characters.
fn one_line(typed: &str, max: usize, too_long: &'static str) -> Result<String, &'static str> {
    text::plain(typed)?;
    let line = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > max {
        return Err(too_long);
    }
    Ok(line)
}

/// A whole number from 0 to `max`; empty means 0.
fn parse_count(input: &str, max: u32, message: &'static str) -> Result<u32, &'static str> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(0);
    }
    input
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or(message)
}

/// Whether the settings were just saved.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /settings`
pub async fn show_settings(
    teacher: Teacher,
    Query(query): Query<SavedQuery>,
) -> Result<Response, AppError> {
    render(&SettingsPage {
        layout: teacher.0.viewer.layout("Settings"),
        form: SettingsForm::from_settings(&teacher.0.viewer.site),
        errors: FieldErrors::new(),
        saved: query.saved.is_some(),
    })
}

/// `POST /settings`
pub async fn save_settings(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let title = errors.check(
        "title",
        one_line(
            &form.title,
            TITLE_MAX,
            "The name can be at most 100 characters long.",
        )
        .and_then(|title| {
            if title.is_empty() {
                Err("Give the blog a name.")
            } else {
                Ok(title)
            }
        }),
    );
    let tagline = errors.check(
        "tagline",
        one_line(
            &form.tagline,
            TAGLINE_MAX,
            "The tagline can be at most 200 characters long.",
        ),
    );
    errors.check("hold_words", text::plain(&form.hold_words));
    errors.check("reject_words", text::plain(&form.reject_words));
    let time_zone = form.time_zone.trim().to_owned();
    errors.check("time_zone", SchoolZone::parse(&time_zone));
    let hold_links_over = errors.check(
        "hold_links_over",
        parse_count(
            &form.hold_links_over,
            100,
            "Enter a number of links from 0 to 100.",
        ),
    );
    let close_after_days = errors.check(
        "close_after_days",
        parse_count(
            &form.close_after_days,
            3650,
            "Enter a number of days from 0 (never) to 3650.",
        ),
    );
    if !errors.is_empty() {
        let page = SettingsPage {
            layout: teacher.0.viewer.layout("Settings"),
            form,
            errors,
            saved: false,
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let settings = SiteSettings {
        title: title.unwrap_or_default(),
        tagline: tagline.unwrap_or_default(),
        public: form.is_public(),
        posts_need_approval: form.needs_approval(),
        time_zone,
        students_rename: form.students_rename.is_some(),
        discussion: DiscussionSettings {
            anyone_may_comment: form.anyone_may_comment(),
            approval: ApprovalPolicy::from_stored(&form.approval),
            hold_links_over: hold_links_over.unwrap_or_default(),
            hold_words: parse_word_list(&form.hold_words),
            reject_words: parse_word_list(&form.reject_words),
            close_after_days: close_after_days.unwrap_or_default(),
            hold_personal_data: form.hold_personal_data.is_some(),
        },
    };
    state.store.save_site_settings(&settings).await?;
    tracing::info!(by = %teacher.0.user.username, ?settings, "settings saved");
    Ok(Redirect::to("/settings?saved=1").into_response())
}
