//! The route table: every address quire answers, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::middleware::{self, BODY_LIMIT, REQUEST_TIMEOUT};
use super::{AppState, account, assets, class, health, home, settings, setup, sign_in};
use crate::error::AppError;

/// The whole application as one `Router`: what `serve` runs and what tests call.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(home::home))
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
        .route("/class", get(class::show_class))
        .route("/class/students", post(class::add_students))
        .route("/class/teachers", post(class::add_teacher))
        .route("/class/{id}/password", post(class::reset_password))
        .route("/class/{id}/deactivate", post(class::deactivate))
        .route("/class/{id}/activate", post(class::activate))
        .route(
            "/settings",
            get(settings::show_settings).post(settings::save_settings),
        )
        .route("/write", get(home::write))
        .route("/moderation", get(home::moderation))
        .fallback(not_found)
        .layer(
            // Outermost first. The viewer layer draws every error below it as a page.
            ServiceBuilder::new()
                .layer(from_fn_with_state(state.clone(), middleware::load_viewer))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                ))
                // Refuses state-changing requests that a browser says came from another site.
                .layer(CsrfLayer::new().with_rejection_response(middleware::cross_origin_refusal))
                .layer(from_fn_with_state(state.clone(), middleware::require_setup))
                .layer(DefaultBodyLimit::max(BODY_LIMIT))
                .layer(CatchPanicLayer::custom(middleware::panic_response)),
        );

    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/static/{name}", get(assets::serve_asset))
        .merge(pages);
    for (name, value) in middleware::security_headers() {
        app = app.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    app.layer(CompressionLayer::new())
        // One line per request: method, path, status, latency.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::NotFound
}
