//! The personal-data guard: does a text look like it holds a child's personal
//! information (a phone number, an email or street address, where they live or go to
//! school)? The rules are deliberately broad: a match only makes the text wait for a
//! teacher, who approves it with one click if it is harmless. Each kind of finding has
//! its rule file, with unit tests of what it catches and what it leaves alone.

mod address;
mod email;
mod phone;
mod place;
mod postcode;

/// Why a post or comment waits, shown to the teacher and to the author.
pub const REASON: &str = "looks like personal information";

/// What the guard saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A phone number, in one of several national formats.
    Phone,
    /// An email address, written out or spelled ("ana at school dot org").
    Email,
    /// A street address ("12 Oak Street") or a postcode ("SW1A 1AA", "1234 AB").
    Address,
    /// Where someone lives or goes to school ("I live in Leeds").
    Place,
}

/// The first kind of personal information `text` seems to hold, if any.
pub fn finding(text: &str) -> Option<Finding> {
    if email::found(text) {
        Some(Finding::Email)
    } else if phone::found(text) {
        Some(Finding::Phone)
    } else if address::found(text) {
        Some(Finding::Address)
    } else if place::found(text) {
        Some(Finding::Place)
    } else {
        None
    }
}

/// Whether `text` seems to hold personal information.
pub fn looks_personal(text: &str) -> bool {
    finding(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_named() {
        assert_eq!(finding("Call me on 07700 900123"), Some(Finding::Phone));
        assert_eq!(finding("ana@example.org"), Some(Finding::Email));
        assert_eq!(finding("We are at 12 Oak Street"), Some(Finding::Address));
        assert_eq!(finding("Our postcode is SW1A 1AA"), Some(Finding::Address));
        assert_eq!(finding("I live in Leeds"), Some(Finding::Place));
        assert_eq!(finding("I liked the volcano video"), None);
    }
}
