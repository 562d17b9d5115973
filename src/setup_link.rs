//! The one-time link that lets the first teacher in.

use time::Duration;

use crate::auth::token;
use crate::config::Settings;
use crate::db::Timestamp;
use crate::store::Store;

/// How long a set-up link works.
pub const LIFETIME: Duration = Duration::hours(24);

/// Makes a fresh set-up link and stores its token's hash.
pub async fn create(store: &Store, settings: &Settings) -> Result<String, sqlx::Error> {
    let token = token::generate();
    store
        .create_setup_token(&token::digest(&token), Timestamp::now() + LIFETIME)
        .await?;
    Ok(settings.absolute(&format!("/setup/{token}")))
}
