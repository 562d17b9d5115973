//! The route table: every address quire answers, in one place. The layers around the
//! routes are in `layers`.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::assets;
use super::handlers::assignments::{self, edit as assignment_edit, table as assignment_table};
use super::handlers::class::{bulk, groups, sheet, students};
use super::handlers::comments::{create, edit, flag, open};
use super::handlers::imports::{
    preview as import_preview, progress as import_progress, upload as import_upload,
};
use super::handlers::reading::{archive, embed, home, lists, old_address, post as read, search};
use super::handlers::writing::{
    actions, autosave, help, history, paste, pictures, preview, resume, review, write,
};
use super::handlers::{
    account, backups, class, exports, family, feedback, feeds, health, media, moderation, rename,
    settings, setup, sign_in, whats_new,
};
use super::layers::{self, WRITE_BODY_LIMIT};
use super::state::AppState;
use crate::export::Site;

/// The whole application as one `Router`: what `serve` runs and what tests call.
pub fn router(state: AppState) -> Router {
    let site = layers::apply(pages(), open_routes(), state);
    // The static copies are drawn by the site itself, as a reader sees it.
    site.clone().layer(Extension(Site(site)))
}

/// Answered before and without any page layer: the load balancer's probe and the
/// stylesheet, script and icon.
fn open_routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/static/{name}", get(assets::serve_asset))
}

/// Every page, behind the page layers.
fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/posts", get(actions::your_posts))
        .route("/events/read", post(whats_new::mark_all_read))
        .route("/posts/{slug}", get(read::show_post))
        .route("/u/{username}", get(lists::author_page))
        .route("/u/{username}/feed.xml", get(feeds::author_feed))
        .route("/labels", get(lists::labels_index))
        .route("/labels/{slug}", get(lists::label_page))
        .route("/labels/{slug}/feed.xml", get(feeds::label_feed))
        .route("/archive", get(archive::archive))
        .route("/archive/{year}/{month}", get(archive::archive_month))
        .route("/search", get(search::search))
        .route("/embed/{provider}/{id}", get(embed::embed_video))
        .route("/feed.xml", get(feeds::site_feed))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/robots.txt", get(feeds::robots))
        .route(
            "/write",
            get(write::new_post_form)
                .post(write::create_post)
                // The form reads within its own limits (see `form::WRITE_FORM_LIMIT`).
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/posts/{id}/edit",
            get(write::edit_post_form)
                .post(write::update_post)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/preview", post(preview::preview_fragment))
        .route("/write/resume/{token}", get(resume::resume_text))
        .route("/help/writing", get(help::writing_help))
        .route(
            "/write/autosave",
            post(autosave::autosave_new).layer(DefaultBodyLimit::max(WRITE_BODY_LIMIT)),
        )
        .route(
            "/posts/{id}/autosave",
            post(autosave::autosave_post).layer(DefaultBodyLimit::max(WRITE_BODY_LIMIT)),
        )
        .route(
            "/write/convert-paste",
            post(paste::convert_paste).layer(DefaultBodyLimit::max(paste::PASTE_BODY_LIMIT)),
        )
        .route("/posts/{id}/unpublish", post(actions::unpublish_post))
        .route("/posts/{id}/trash", post(actions::trash_post))
        .route("/posts/{id}/restore", post(actions::restore_post))
        .route("/trash", get(actions::show_trash))
        .route("/review", get(review::show_review))
        .route("/posts/{id}/approve", post(review::approve_post))
        .route("/posts/{id}/send-back", post(review::send_back_post))
        .route("/posts/{id}/history", get(history::show_history))
        .route(
            "/posts/{id}/history/{revision}",
            get(history::show_revision),
        )
        .route(
            "/posts/{id}/history/{revision}/restore",
            post(history::restore_revision),
        )
        .route(
            "/sign-in",
            get(sign_in::sign_in_form).post(sign_in::sign_in),
        )
        .route("/sign-out", post(sign_in::sign_out))
        .route(
            "/setup/{token}",
            get(setup::setup_form).post(setup::complete_setup),
        )
        .route("/account", get(account::show_account))
        .route("/account/profile", post(account::update_profile))
        .route("/account/password", post(account::change_password))
        .route(
            "/assignments",
            get(assignments::list_assignments).post(assignment_edit::create_assignment),
        )
        .route(
            "/assignments/new",
            get(assignment_edit::new_assignment_form),
        )
        .route("/assignments/{id}", get(assignments::show_assignment))
        .route(
            "/assignments/{id}/edit",
            get(assignment_edit::edit_assignment_form).post(assignment_edit::update_assignment),
        )
        .route(
            "/assignments/{id}/close",
            post(assignment_edit::close_assignment),
        )
        .route(
            "/assignments/{id}/reopen",
            post(assignment_edit::reopen_assignment),
        )
        .route(
            "/assignments/{id}/delete",
            post(assignment_edit::delete_assignment),
        )
        .route("/assignments/{id}/table", get(assignment_table::show_table))
        .route(
            "/assignments/{id}/table.csv",
            get(assignment_table::download_table),
        )
        .route(
            "/assignments/{id}/extensions",
            post(assignment_table::extend_due),
        )
        .route("/class", get(class::show_class))
        .route("/class/students", post(students::preview_students))
        .route("/class/students/confirm", post(students::confirm_students))
        .route("/class/sheets/{token}", get(sheet::show_sheet))
        .route("/class/teachers", post(class::add_teacher))
        .route("/class/bulk", post(bulk::act_on_students))
        .route("/class/groups", post(groups::create_group))
        .route("/class/groups/{id}/rename", post(groups::rename_group))
        .route("/class/groups/{id}/delete", post(groups::delete_group))
        .route(
            "/class/groups/{id}/deactivate",
            get(groups::deactivate_group_form).post(groups::deactivate_group),
        )
        .route(
            "/settings",
            get(settings::show_settings).post(settings::save_settings),
        )
        .route("/settings/backups", get(backups::show_backups))
        .route(
            "/settings/import",
            get(import_upload::import_form)
                .post(import_upload::upload_export)
                .layer(DefaultBodyLimit::max(import_upload::UPLOAD_BODY_LIMIT)),
        )
        .route("/settings/import/{id}", get(import_preview::show_preview))
        .route(
            "/settings/import/{id}/start",
            post(import_progress::start_import),
        )
        .route(
            "/settings/import/{id}/cancel",
            post(import_preview::cancel_import),
        )
        .route(
            "/settings/import/{id}/progress",
            get(import_progress::show_progress),
        )
        .route("/settings/family", get(family::show_family_link))
        .route("/settings/family/renew", post(family::renew_family_link))
        .route("/settings/family/off", post(family::turn_off_family_link))
        .route("/family/{token}", get(family::visit_family_link))
        .route("/settings/backups/download", post(backups::download_backup))
        .route("/settings/backups/site", post(exports::download_site))
        .route("/account/work", post(exports::download_my_work))
        .route(
            "/class/students/{id}/work",
            post(exports::download_student_work),
        )
        .route(
            "/moderation",
            get(moderation::show_queue).post(moderation::moderate),
        )
        .route("/moderation/log", get(moderation::show_log))
        .route("/posts/{id}/comments", post(create::create_comment))
        .route("/posts/{id}/comments-open", post(open::set_comments_open))
        .route("/posts/{id}/feedback", post(feedback::save_feedback))
        .route(
            "/posts/{id}/feedback/history",
            get(feedback::show_feedback_history),
        )
        .route(
            "/comments/{id}/edit",
            get(edit::edit_comment_form).post(edit::update_comment),
        )
        .route("/comments/{id}/delete", post(edit::delete_comment))
        .route(
            "/comments/{id}/report",
            get(flag::report_form).post(flag::report_comment),
        )
        .route(
            "/comments/{id}/hide",
            get(flag::hide_form).post(flag::hide_comment),
        )
        .route(
            "/class/students/{id}/name",
            get(rename::rename_form).post(rename::rename),
        )
        // Among the pages, not beside /static: class-only pictures need the viewer.
        .route(
            "/media",
            post(pictures::upload_picture).layer(DefaultBodyLimit::max(WRITE_BODY_LIMIT)),
        )
        .route("/media/mine", get(pictures::list_pictures))
        .route("/media/{id}", get(media::serve_image))
        .route("/media/{id}/small", get(media::serve_small_image))
        .fallback(old_address::old_address_or_not_found)
}
