//! Display names as the class sees them: a name's comparison "skeleton", and the rule
//! that nobody may take a name that equals or looks like another member's.
//!
//! Two names clash when their skeletons are equal. The skeleton folds what a reader does
//! not notice: compatibility forms (NFKD), accents and other marks, case, spacing and
//! punctuation, and letters that look alike across scripts (Unicode's confusables table,
//! UTS #39: a Cyrillic "е" for a Latin "e", a "0" for an "O", "rn" for "m").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_security::skeleton as confusable_skeleton;

/// The form two names are compared in: equal skeletons look the same to a reader.
pub fn skeleton(name: &str) -> String {
    // Case is folded to upper first: a Cyrillic "м" looks like no Latin letter but its
    // capital "М" looks like "M". Look-alikes are then mapped twice, once in capitals
    // and once in lower case ("I" and "l", "m" and "rn"), because the table maps to
    // prototypes of either case ("0" to "O").
    let capitals: String = without_marks(name)
        .chars()
        .flat_map(char::to_uppercase)
        .collect();
    let once = lower_without_marks(confusable_skeleton(&capitals));
    lower_without_marks(confusable_skeleton(&once))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Compatibility forms decomposed (full-width letters, ligatures), marks dropped.
fn without_marks(text: &str) -> String {
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

fn lower_without_marks(chars: impl Iterator<Item = char>) -> String {
    without_marks(&chars.flat_map(char::to_lowercase).collect::<String>())
}

/// The first of `existing` whose name (read by `name_of`) clashes with `candidate`,
/// if any. A candidate with nothing left after folding clashes with nobody: the
/// name's own validation refuses it.
pub fn clash_with<'a, T>(
    candidate: &str,
    existing: &'a [T],
    name_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let wanted = skeleton(candidate);
    if wanted.is_empty() {
        return None;
    }
    existing
        .iter()
        .find(|other| skeleton(name_of(other)) == wanted)
}

/// The message shown beside the name field when `taken` is too close.
pub fn clash_message(taken: &str) -> String {
    format!(
        "“{taken}” is already someone's name in the class, or looks just like it. Choose a different name."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clashes(candidate: &str, existing: &str) -> bool {
        clash_with(candidate, &[existing], |s| s).is_some()
    }

    #[test]
    fn names_that_read_the_same_clash() {
        for candidate in [
            "Ms Rivera",
            "ms rivera",
            "MS  RIVERA",
            "  Ms. Rivera ",
            "Ms Rívera",
            "Ms Rivеra", // Cyrillic е
            "Мs Rivera", // Cyrillic М
            "Ms Rivera\u{301}",
            "Ｍｓ Ｒｉｖｅｒａ", // full-width
            "Ms_Rivera",
            "Ms Rlvera", // "l" for "i"
            "Ms Riv\u{435}r\u{430}",
        ] {
            assert!(clashes(candidate, "Ms Rivera"), "{candidate:?}");
        }
    }

    #[test]
    fn look_alike_digits_and_letter_pairs_clash() {
        assert!(clashes("B0b", "Bob"));
        assert!(clashes("Ki11y", "Killy"));
        assert!(clashes("Mr Srnith", "Mr Smith"));
    }

    #[test]
    fn different_names_do_not_clash() {
        for candidate in [
            "Ms Riviera",
            "Ana López",
            "Mr Rivera",
            "Rivera",
            "Ms Rivers",
        ] {
            assert!(!clashes(candidate, "Ms Rivera"), "{candidate:?}");
        }
    }

    #[test]
    fn a_name_of_only_punctuation_clashes_with_nobody() {
        assert!(clash_with("...", &["!!!"], |s| s).is_none());
    }

    #[test]
    fn the_clashing_member_is_returned() {
        let members = [(1, "Ana López"), (2, "Ms Rivera")];
        let found = clash_with("ms rivera", &members, |m| m.1);
        assert_eq!(found.map(|m| m.0), Some(2));
    }
}
