//! Argon2id password hashing, always on a blocking thread (it takes a quarter second
//! of CPU on purpose, which would stall every other request on an async thread).

use std::sync::LazyLock;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::accounts::NewPassword;

/// Hashing failed; only possible if the thread pool is gone or the RNG failed.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password to an Argon2id PHC string.
pub async fn hash(password: &NewPassword) -> Result<String, HashError> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| HashError(e.to_string()))?
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let failed = |e: &dyn std::fmt::Display| HashError(e.to_string());
    let argon2 = Argon2::default();
    let salt: [u8; 16] = rand::random();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, password, &salt, &mut out).map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params()).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

/// Runs Argon2 in working memory of its own (see [`working_memory`]).
fn compute(
    argon2: &Argon2<'_>,
    password: &str,
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let memory = working_memory(argon2.params().block_count());
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, memory)
}

/// Argon2's 19 MiB of working memory, asked for as a block larger than glibc's largest
/// dynamic mmap threshold (32 MiB on 64-bit), so it is always mapped afresh and given
/// back to the system when dropped; only the pages Argon2 touches become resident.
/// Allocated at its exact size (as `argon2` does), glibc served it from the blocking
/// thread's arena after the first time and kept it there: every sign-in on another
/// thread kept 19 MiB more (measured: 33 MB resident after start-up, 128 MB after five
/// sign-ins).
fn working_memory(blocks: usize) -> Vec<Block> {
    const ALWAYS_MAPPED: usize = 33 * 1024 * 1024 / Block::SIZE;
    let mut memory = Vec::with_capacity(blocks.max(ALWAYS_MAPPED));
    memory.resize(blocks, Block::default());
    memory
}

/// Whether `password` gives `stored`, a PHC string of any Argon2 variant and cost;
/// the outputs are compared in constant time (`Output`'s equality).
fn matches(password: &str, stored: &PasswordHash) -> bool {
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return false;
    };
    let algorithm = Algorithm::try_from(stored.algorithm.as_str());
    let version = stored
        .version
        .map_or(Ok(Version::default()), Version::try_from);
    let (Ok(algorithm), Ok(version), Ok(params)) = (algorithm, version, Params::try_from(stored))
    else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    compute(&argon2, password, salt.as_ref(), &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| &computed == expected)
}

/// A hash of a password nobody knows, checked when the username does not exist,
/// so an unknown username costs as much time as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now(NewPassword::generate().expose()).unwrap_or_default());

/// Whether `password` matches `stored_hash`; with no hash, does the same work and says no.
pub async fn verify(password: String, stored_hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored_hash.is_some();
        let hash = stored_hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            tracing::error!("a stored password hash does not parse");
            return false;
        };
        // Computed before `known` is looked at: an unknown username costs the same.
        let matches = matches(&password, &parsed);
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// Computes the dummy hash ahead of the first unknown-username sign-in.
pub async fn warm_up() {
    let _ = tokio::task::spawn_blocking(|| DUMMY_HASH.len()).await;
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[test]
    fn a_hash_made_here_verifies_here_and_with_the_argon2_crate() {
        let hash = hash_now("maple-otter-cloud-42").expect("hashes");
        let parsed = PasswordHash::new(&hash).expect("a PHC string");
        assert!(matches("maple-otter-cloud-42", &parsed));
        assert!(!matches("maple-otter-cloud-43", &parsed));
        assert!(
            Argon2::default()
                .verify_password(b"maple-otter-cloud-42", &parsed)
                .is_ok()
        );
    }

    #[test]
    fn hashes_stored_by_the_argon2_crate_still_verify() {
        let stored = Argon2::default()
            .hash_password(b"quire-bench-class")
            .expect("hashes")
            .to_string();
        let parsed = PasswordHash::new(&stored).expect("a PHC string");
        assert!(matches("quire-bench-class", &parsed));
        assert!(!matches("quire-bench-clas", &parsed));
    }
}
