//! Random tokens for session cookies and set-up links. Only their SHA-256 is stored.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::Timestamp;

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

fn mac(secret: &str, message: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(message.as_bytes());
    Some(mac)
}

/// The hex HMAC-SHA256 of `message` under `secret`.
pub fn sign(secret: &str, message: &str) -> String {
    mac(secret, message)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// Whether `signature` (hex) is `message`'s HMAC under `secret`, compared in constant time.
pub fn verify(secret: &str, message: &str, signature: &str) -> bool {
    let Ok(signature) = hex::decode(signature) else {
        return false;
    };
    mac(secret, message).is_some_and(|m| m.verify_slice(&signature).is_ok())
}

/// A moment, signed, for a hidden form field: `1733000000000.9f86…`. Lets the server
/// tell later how long ago it drew the form, without keeping anything.
pub fn sign_time(secret: &str, at: Timestamp) -> String {
    let millis = at.unix_millis().to_string();
    let signature = mac(secret, &millis)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("{millis}.{signature}")
}

/// The moment in a field made by `sign_time`, if its signature holds.
pub fn verify_time(secret: &str, field: &str) -> Option<Timestamp> {
    let (millis, signature) = field.split_once('.')?;
    let signature = hex::decode(signature).ok()?;
    mac(secret, millis)?.verify_slice(&signature).ok()?;
    Timestamp::from_unix_millis(millis.parse().ok()?)
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

    #[test]
    fn signed_times_verify_and_forgeries_do_not() {
        let now = Timestamp::now();
        let field = sign_time("secret", now);
        assert_eq!(verify_time("secret", &field), Some(now));
        assert_eq!(verify_time("other secret", &field), None);
        let (_, signature) = field.split_once('.').unwrap_or_default();
        assert_eq!(verify_time("secret", &format!("1.{signature}")), None);
        assert_eq!(verify_time("secret", "junk"), None);
    }
}
