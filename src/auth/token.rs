//! Random tokens for session cookies and set-up links. Only their SHA-256 is stored.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh 256-bit random token, hex encoded, for a cookie or a link.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = generate();
        assert_eq!(a.len(), 64);
        assert_ne!(a, generate());
        assert_ne!(digest(&a), a);
        assert_eq!(digest(&a), digest(&a));
    }
}
