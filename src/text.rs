//! Plain text at the edge: the one check every typed field passes before quire keeps it.
//!
//! Typed text may hold letters of any script, emoji, tabs and line breaks. It may not hold
//! control characters (NUL and the rest of C0 and C1 but tab and newline; a carriage
//! return only in the `\r\n` pairs browsers send): Postgres cannot store a NUL at all,
//! SQLite can, and the two backends must answer alike. A name may not hold the invisible
//! marks that change the direction of text either (U+202A–U+202E, U+2066–U+2069, U+200E,
//! U+200F, U+061C): one U+202E makes "Ana" read backwards in every list that shows it.
//!
//! The domain types (`Title`, `Body`, `CommentBody`, `DisplayName`, …) call these checks
//! in their constructors; a refused field is shown again without the refused characters
//! ([`for_form`]), with the problem's message beside it.

use std::borrow::Cow;

/// What is wrong with a typed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character such as NUL.
    Control,
    /// A mark that changes the direction of text, in a name.
    Direction,
}

/// Shown beside a field refused for its control characters.
const CONTROL_MESSAGE: &str = "This text had invisible control characters (such as NUL) that quire cannot keep. \
     They have been taken out: check the text and send it again.";
/// Shown beside a name refused for its direction marks.
const DIRECTION_MESSAGE: &str = "A name cannot hold the invisible marks that turn text backwards. \
     They have been taken out: check the name and send it again.";

impl TextProblem {
    /// The message shown beside the field.
    pub fn message(self) -> &'static str {
        match self {
            TextProblem::Control => CONTROL_MESSAGE,
            TextProblem::Direction => DIRECTION_MESSAGE,
        }
    }
}

/// Whether `c` is refused in every typed text. A carriage return is judged with the
/// character after it, so it is not refused here.
fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `c` changes the direction of the text around it.
pub fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks typed text: no control characters but tab, newline and `\r\n`.
pub fn check_plain(text: &str) -> Result<(), TextProblem> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_return = c == '\r' && chars.peek() != Some(&'\n');
        if is_refused_control(c) || lone_return {
            return Err(TextProblem::Control);
        }
    }
    Ok(())
}

/// Checks a typed name: plain text without direction marks.
pub fn check_name(text: &str) -> Result<(), TextProblem> {
    check_plain(text)?;
    if text.chars().any(is_direction_mark) {
        return Err(TextProblem::Direction);
    }
    Ok(())
}

/// [`check_plain`] for a domain constructor, whose errors are messages.
pub fn plain(text: &str) -> Result<(), &'static str> {
    check_plain(text).map_err(TextProblem::message)
}

/// [`check_name`] for a domain constructor, whose errors are messages.
pub fn name(text: &str) -> Result<(), &'static str> {
    check_name(text).map_err(TextProblem::message)
}

/// Checks a decoded part of an address (a path segment, a query value): no control
/// characters at all, since no link quire makes has one.
pub fn check_address_part(text: &str) -> Result<(), TextProblem> {
    if text.chars().any(char::is_control) {
        return Err(TextProblem::Control);
    }
    Ok(())
}

/// A typed value as a form shows it again: without the control characters no field
/// keeps, and, when the field was refused for them (`problem` ends with their message,
/// as "Line 2: …" does), without direction marks. Text in other scripts keeps its own marks.
pub fn for_form(value: impl std::fmt::Display, problem: Option<&str>) -> String {
    let value = value.to_string();
    let strip_marks = problem.is_some_and(|p| p.ends_with(DIRECTION_MESSAGE));
    match without(&value, |c| {
        is_refused_control(c) || (strip_marks && is_direction_mark(c))
    }) {
        Cow::Borrowed(_) => value,
        Cow::Owned(stripped) => stripped,
    }
}

/// Typed text without what [`check_name`] refuses, for a name shown again outside the
/// form macros (the sign-in page).
pub fn without_refused(text: &str) -> Cow<'_, str> {
    without(text, |c| is_refused_control(c) || is_direction_mark(c))
}

fn without(text: &str, refused: impl Fn(char) -> bool) -> Cow<'_, str> {
    if text.chars().any(&refused) {
        Cow::Owned(text.chars().filter(|c| !refused(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_in_any_script_passes() {
        for good in [
            "",
            "Volcanoes",
            "Línea uno\r\nLínea dos\n\tsangría",
            "火山 🌋 вулкан",
            "שלום עולם",
            "مرحبا",
        ] {
            assert_eq!(check_plain(good), Ok(()), "{good:?}");
            assert_eq!(check_name(good), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in [
            "a\0b",
            "\u{1}",
            "bell\u{7}",
            "form\u{c}feed",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "c1\u{85}",
            "c1\u{9f}",
            "lone\rreturn",
            "ends\r",
        ] {
            assert_eq!(check_plain(bad), Err(TextProblem::Control), "{bad:?}");
            assert_eq!(check_name(bad), Err(TextProblem::Control), "{bad:?}");
        }
    }

    #[test]
    fn direction_marks_are_refused_in_names_only() {
        for mark in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("Ana{mark}Lopez");
            assert_eq!(check_plain(&text), Ok(()), "{mark:?}");
            assert_eq!(check_name(&text), Err(TextProblem::Direction), "{mark:?}");
        }
    }

    #[test]
    fn addresses_take_no_control_characters_at_all() {
        assert!(check_address_part("ana.lopez").is_ok());
        assert!(check_address_part("lava flow").is_ok());
        for bad in ["a\0b", "a\nb", "a\tb", "a\r\nb"] {
            assert!(check_address_part(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn forms_show_text_again_without_control_characters() {
        assert_eq!(for_form("Volca\0noes\r\n\tok", None), "Volcanoes\r\n\tok");
        assert_eq!(for_form("plain", None), "plain");
        assert_eq!(for_form(42, None), "42");
    }

    #[test]
    fn forms_drop_direction_marks_only_from_a_field_refused_for_them() {
        let typed = "Ana\u{202E}Lopez\0";
        assert_eq!(for_form(typed, None), "Ana\u{202E}Lopez");
        assert_eq!(for_form(typed, Some(CONTROL_MESSAGE)), "Ana\u{202E}Lopez");
        assert_eq!(for_form(typed, Some(DIRECTION_MESSAGE)), "AnaLopez");
        let line = format!("Line 2: {DIRECTION_MESSAGE}");
        assert_eq!(for_form(typed, Some(&line)), "AnaLopez");
        assert_eq!(without_refused(typed), "AnaLopez");
    }

    #[test]
    fn what_is_shown_again_passes_the_check() {
        let typed = "a\0b\u{202E}c\u{1b}d\r\ne";
        assert_eq!(check_name(&without_refused(typed)), Ok(()));
        assert_eq!(check_plain(&for_form(typed, None)), Ok(()));
    }
}
