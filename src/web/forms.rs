//! Form helpers: the `Form` extractor every handler reads a posted form with (strict
//! about UTF-8), field errors shown beside their fields, safe `next` targets, and values
//! encoded for the query strings of redirects.

use std::borrow::Cow;

use axum::body::Body;
use axum::extract::{FromRequest, RawForm, Request};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Shown when a form or an address holds bytes that are not UTF-8.
pub const NOT_UTF8: &str = "Your browser sent text quire could not read (it was not UTF-8). \
     Go back, check the text and try again.";

/// A posted urlencoded form, read like `axum_extra`'s `Form` (repeated fields become
/// lists) after one check: every name and value must decode to UTF-8. serde's form
/// reader would put U+FFFD in place of a bad byte and quire would store the damage;
/// here the form is refused with a 400 page instead. What the characters are is the
/// domain types' business (`crate::text`), so a NUL still gets a 422 beside its field.
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        // The head is kept for the reading below: its extensions carry the body limit.
        let (head, body) = request.into_parts();
        let kept = head.clone();
        let RawForm(bytes) = RawForm::from_request(Request::from_parts(head, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if decoded_parts(&bytes).any(|part| part.is_none()) {
            return Err(AppError::BadRequest(NOT_UTF8).into_response());
        }
        // Read again as the urlencoded body it now is, whether it came as one or as a query.
        let mut checked = Request::from_parts(kept, Body::from(bytes));
        *checked.method_mut() = Method::POST;
        checked.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let axum_extra::extract::Form(value) =
            axum_extra::extract::Form::<T>::from_request(checked, state)
                .await
                .map_err(IntoResponse::into_response)?;
        Ok(Form(value))
    }
}

/// The text of a multipart form's field, refused like [`Form`]'s when it is not UTF-8.
pub fn field_text(bytes: &[u8]) -> Result<String, AppError> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| AppError::BadRequest(NOT_UTF8))
}

/// Every name and value of an urlencoded text (a form body or a query string), decoded;
/// `None` for each one that is not UTF-8.
pub fn decoded_parts(encoded: &[u8]) -> impl Iterator<Item = Option<String>> {
    encoded.split(|b| *b == b'&' || *b == b'=').map(|part| {
        let spaced: Vec<u8> = part
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        let decoded: Cow<'_, [u8]> = percent_decode(&spaced).into();
        String::from_utf8(decoded.into_owned()).ok()
    })
}

/// Problems with a submitted form, each tied to the field it is about.
#[derive(Clone, Debug, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// No problems yet.
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Notes a problem with `field`.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// Keeps the value of a parse, or notes its error against `field`.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, &'static str>) -> Option<T> {
        parsed.map_err(|message| self.add(field, message)).ok()
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    /// Every problem, in the order found, for the summary at the top of the form.
    pub fn all(&self) -> &[(&'static str, String)] {
        &self.0
    }

    /// Forgets every problem but those with `field`.
    pub fn retain_only(&mut self, field: &str) {
        self.0.retain(|(name, _)| *name == field);
    }

    /// True when the form was fine.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A `next` target is followed only if it is a path on this site: `//evil.example`
/// and `https://evil.example` would send a child somewhere else after signing in.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_off_the_site_go_home_instead() {
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "javascript:x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(Some("/account?tab=1")), "/account?tab=1");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn urlencoded_parts_must_decode_to_utf8() {
        let good: Vec<_> = decoded_parts(b"title=Volc%C3%A1n+%F0%9F%8C%8B&body=a%00b")
            .collect::<Option<_>>()
            .unwrap_or_default();
        assert_eq!(good, ["title", "Volcán 🌋", "body", "a\0b"]);
        for bad in [
            &b"title=%FF"[..],
            b"%C3=x",
            b"a=%C3",
            b"a=\xff",
            b"a=%ED%A0%80",
        ] {
            assert!(decoded_parts(bad).any(|p| p.is_none()), "{bad:?}");
        }
    }

    #[test]
    fn field_errors_are_found_by_field() {
        let mut errors = FieldErrors::new();
        assert!(errors.check::<()>("title", Err("Enter a title.")).is_none());
        assert_eq!(errors.get("title"), Some("Enter a title."));
        assert_eq!(errors.get("body"), None);
        assert!(!errors.is_empty());
    }
}
