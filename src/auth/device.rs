//! Device cookies (as OWASP describes them): a browser that has signed in as a
//! username before carries a signed note saying so, and an attempt for that username
//! from that browser skips the delays that guessing from elsewhere has caused.
//!
//! The cookie names the username, a random nonce (what its failures are counted
//! against, and what is withdrawn after too many) and when it was issued, signed with
//! HMAC-SHA256 under the server's secret. Nothing is stored until it fails.

use time::Duration;

use super::token;
use crate::db::Timestamp;

/// The cookie's name.
pub const DEVICE_COOKIE: &str = "quire_device";
/// How long a device cookie is honoured: a school year and then some.
pub const DEVICE_LIFETIME: Duration = Duration::days(400);
/// What every signed message starts with, so that no other signature made with the
/// same secret (the comment form's time, say) can pass for a device cookie.
const PURPOSE: &str = "device-cookie";

/// A device cookie's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCookie {
    /// Who signed in on this browser.
    pub username: String,
    /// Random; failures with this cookie are counted against it.
    pub nonce: String,
    /// When it was issued; it is honoured for `DEVICE_LIFETIME` after.
    pub issued_at: Timestamp,
}

impl DeviceCookie {
    /// A fresh cookie for `username`, issued now.
    pub fn issue(username: &str, now: Timestamp) -> DeviceCookie {
        DeviceCookie {
            username: username.to_owned(),
            nonce: token::generate(),
            issued_at: now,
        }
    }

    /// When it stops being honoured.
    pub fn expires_at(&self) -> Timestamp {
        self.issued_at + DEVICE_LIFETIME
    }

    fn message(username: &str, nonce: &str, millis: &str) -> String {
        format!("{PURPOSE}.{username}.{nonce}.{millis}")
    }

    /// The cookie's value: `username.nonce.millis.signature`. Usernames may hold dots,
    /// so it is read from the right.
    pub fn encode(&self, secret: &str) -> String {
        let millis = self.issued_at.unix_millis().to_string();
        let message = Self::message(&self.username, &self.nonce, &millis);
        let signature = token::sign(secret, &message);
        format!("{}.{}.{millis}.{signature}", self.username, self.nonce)
    }

    /// The cookie in `value`, if its signature holds and it has not expired.
    pub fn decode(secret: &str, value: &str, now: Timestamp) -> Option<DeviceCookie> {
        let mut parts = value.rsplitn(4, '.');
        let signature = parts.next()?;
        let millis = parts.next()?;
        let nonce = parts.next()?;
        let username = parts.next()?;
        if !token::verify(secret, &Self::message(username, nonce, millis), signature) {
            return None;
        }
        let cookie = DeviceCookie {
            username: username.to_owned(),
            nonce: nonce.to_owned(),
            issued_at: Timestamp::from_unix_millis(millis.parse().ok()?)?,
        };
        (now < cookie.expires_at()).then_some(cookie)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_reads_back_only_with_its_signature_and_before_it_expires() {
        let now = Timestamp::now();
        let cookie = DeviceCookie::issue("ana.lopez", now);
        let value = cookie.encode("secret");
        assert_eq!(
            DeviceCookie::decode("secret", &value, now),
            Some(cookie.clone())
        );
        let forged = value.replacen("ana.lopez", "ms.rivera", 1);
        let expired = now + DEVICE_LIFETIME;
        let table = [
            ("other secret", value.as_str(), now),
            ("secret", forged.as_str(), now),
            ("secret", value.as_str(), expired),
            ("secret", "junk", now),
            ("secret", "a.b.c.d", now),
            ("secret", "", now),
        ];
        for (secret, value, at) in table {
            assert_eq!(DeviceCookie::decode(secret, value, at), None, "{value}");
        }
    }

    #[test]
    fn a_comment_form_time_signature_is_not_a_device_cookie() {
        let now = Timestamp::now();
        let field = token::sign_time("secret", now);
        assert_eq!(
            DeviceCookie::decode("secret", &format!("ana.n.{field}"), now),
            None
        );
    }
}
