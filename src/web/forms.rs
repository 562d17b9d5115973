//! Form helpers: field errors shown beside their fields, safe `next` targets, and
//! values encoded for the query strings of redirects.

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
    fn field_errors_are_found_by_field() {
        let mut errors = FieldErrors::new();
        assert!(errors.check::<()>("title", Err("Enter a title.")).is_none());
        assert_eq!(errors.get("title"), Some("Enter a title."));
        assert_eq!(errors.get("body"), None);
        assert!(!errors.is_empty());
    }
}
