//! A person's own account: name, bio and password.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::{Bio, DisplayName, NewPassword, PASSWORD_MAX};
use crate::auth::password;
use crate::db::is_unique_violation;
use crate::error::AppError;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    name: String,
    profile: ProfileForm,
    /// The name is a field (teachers, or students when the setting allows), else text.
    may_rename: bool,
    profile_errors: FieldErrors,
    password_errors: FieldErrors,
    saved: Option<&'static str>,
}

/// The profile form as posted. The name is absent when the person may not change it.
#[derive(Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    bio: String,
}

/// The password form as posted. Passwords are never sent back to the page.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirmation: String,
}

/// Which form was just saved, for the confirmation message.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

impl AccountPage {
    fn new(signed_in: &SignedIn) -> AccountPage {
        AccountPage {
            layout: signed_in.viewer.layout("Your account"),
            username: signed_in.user.username.clone(),
            name: signed_in.user.display_name.clone(),
            profile: ProfileForm {
                display_name: Some(signed_in.user.display_name.clone()),
                bio: signed_in.user.bio.clone(),
            },
            may_rename: may_rename(signed_in),
            profile_errors: FieldErrors::new(),
            password_errors: FieldErrors::new(),
            saved: None,
        }
    }
}

/// Teachers name themselves; students only when the teacher's setting lets them.
fn may_rename(signed_in: &SignedIn) -> bool {
    signed_in.user.is_teacher() || signed_in.viewer.site.students_rename
}

/// `GET /account`
pub async fn show_account(
    signed_in: SignedIn,
    Query(query): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let mut page = AccountPage::new(&signed_in);
    page.saved = match query.saved.as_deref() {
        Some("profile") => Some("Your name and bio are saved."),
        Some("password") => Some("Your password is changed."),
        _ => None,
    };
    render(&page)
}

/// `POST /account/profile`
pub async fn update_profile(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let current = &signed_in.user.display_name;
    let typed = form.display_name.as_deref().unwrap_or(current);
    let mut errors = FieldErrors::new();
    let display_name = if may_rename(&signed_in) {
        super::rename::checked_name(&state, typed, Some(signed_in.user.id))
            .await?
            .map_err(|message| errors.add("display_name", message))
            .ok()
    } else if DisplayName::parse(typed).is_ok_and(|name| name.as_str() == current) {
        Some(DisplayName::parse(current).map_err(|_| AppError::Forbidden)?)
    } else {
        // Only a hand-made request sends a name the page did not offer.
        return Err(AppError::Forbidden);
    };
    let bio = errors.check("bio", Bio::parse(&form.bio));
    if let (Some(display_name), Some(bio)) = (display_name, bio) {
        let saved = state
            .store
            .update_profile(signed_in.user.id, display_name.as_str(), bio.as_str())
            .await;
        match saved {
            Ok(()) => return Ok(Redirect::to("/account?saved=profile").into_response()),
            Err(e) if is_unique_violation(&e) => {
                let message =
                    super::rename::claimed_meanwhile(&state, typed, signed_in.user.id).await?;
                errors.add("display_name", message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut page = AccountPage::new(&signed_in);
    page.profile = form;
    page.profile_errors = errors;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /account/password`: needs the current password; signs out every other session.
pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let stored = state
        .store
        .credentials_by_username(&signed_in.user.username)
        .await?
        .map(|c| c.password_hash);
    let current_ok = form.current_password.len() <= PASSWORD_MAX * 4
        && password::verify(form.current_password.clone(), stored).await;
    if !current_ok {
        errors.add("current_password", "That is not your current password.");
    }
    let new_password = errors.check(
        "new_password",
        NewPassword::parse(&form.new_password, &form.new_password_confirmation),
    );
    let (true, Some(new_password)) = (current_ok, new_password) else {
        let mut page = AccountPage::new(&signed_in);
        page.password_errors = errors;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let hash = password::hash(&new_password).await?;
    state
        .store
        .set_password_hash(signed_in.user.id, &hash)
        .await?;
    state
        .store
        .delete_other_sessions(signed_in.user.id, &signed_in.session_hash)
        .await?;
    Ok(Redirect::to("/account?saved=password").into_response())
}
