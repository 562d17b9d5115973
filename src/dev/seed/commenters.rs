//! `quire dev commenters`: signed-in students for the comment benchmark, added to a
//! seeded class.

use super::write::{self, NewSeedUser};
use crate::accounts::Role;
use crate::auth::token;
use crate::db::Timestamp;
use crate::store::{SESSION_LIFETIME, Store};

/// Adds `count` student accounts that only comment, each signed in, and returns their
/// session tokens: the comment benchmark posts as many different students, because one
/// account may post only 5 comments a minute. Signing in through the form would cost a
/// deliberate quarter second of Argon2 each; this writes the same session rows.
pub async fn add_commenters(store: &Store, count: usize) -> anyhow::Result<Vec<String>> {
    let hash = super::class::password_hash().await?;
    let names: Vec<(String, String)> = (1..=count)
        .map(|n| {
            (
                format!("bench.commenter{n}"),
                format!("Bench Commenter {n}"),
            )
        })
        .collect();
    let users: Vec<NewSeedUser<'_>> = names
        .iter()
        .map(|(username, display_name)| NewSeedUser {
            username,
            display_name,
            role: Role::Student,
            bio: "",
        })
        .collect();
    let ids = write::users(store.db(), &users, &hash).await?;
    let tokens: Vec<String> = ids.iter().map(|_| token::generate()).collect();
    let sessions: Vec<(i64, String)> = ids
        .iter()
        .zip(&tokens)
        .map(|(id, token)| (*id, token::digest(token)))
        .collect();
    let expires_at = Timestamp::now() + SESSION_LIFETIME;
    write::sessions(store.db(), &sessions, expires_at).await?;
    Ok(tokens)
}
