//! A pasted list of names, read line by line before any account exists: what each line
//! will become, and which lines a teacher should look at twice.

use std::collections::HashSet;

use crate::accounts::{DisplayName, Username};
use crate::names::skeleton;

/// More names than this in one paste is more likely a mistake than a class.
pub const MAX_NAMES_AT_ONCE: usize = 200;

/// Words that start a heading line such as "Period 5" or "Class 3B".
const HEADING_WORDS: &[&str] = &[
    "period", "class", "group", "grade", "year", "block", "section", "room", "form", "homeroom",
    "set", "team",
];

/// Why a line is not simply a new student.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// Nothing on it.
    Blank,
    /// It looks like a heading ("Period 5:"), not a name.
    Heading,
    /// The same name came earlier in the list.
    Repeated,
    /// A class member already has this name.
    InClass,
    /// It cannot be a name at all (too long, control characters).
    Invalid(&'static str),
}

impl LineProblem {
    /// What the preview says beside the line.
    pub fn describe(self) -> &'static str {
        match self {
            LineProblem::Blank => "Blank line: skipped.",
            LineProblem::Heading => "Looks like a heading, not a name.",
            LineProblem::Repeated => "The same name is higher up in the list.",
            LineProblem::InClass => {
                "Someone in the class already has this name, or one that looks just like it."
            }
            LineProblem::Invalid(message) => message,
        }
    }

    /// Whether the teacher may still tick the line (a heading may be a real name).
    pub fn can_be_added(self) -> bool {
        !matches!(self, LineProblem::Blank | LineProblem::Invalid(_))
    }
}

/// One line of the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewLine {
    /// The name, white space folded (or the line as typed when it is not a name).
    pub name: String,
    /// The username it gets if ticked, numbered past the class's and the ticked lines above.
    pub username: Option<String>,
    /// What the teacher should know about it.
    pub problem: Option<LineProblem>,
    /// Whether an account is made for it.
    pub ticked: bool,
}

/// Whether a line is more likely a heading than a child's name.
fn looks_like_heading(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or_default();
    let headed = HEADING_WORDS.contains(&first.to_lowercase().as_str())
        && line.split_whitespace().count() <= 3
        && line.chars().any(|c| c.is_ascii_digit());
    line.ends_with(':') || line.starts_with('#') || headed || !line.chars().any(char::is_alphabetic)
}

/// Reads each line with the teacher's tick (`None` on the first preview: ticked unless
/// the line has a problem). `class_names` are the skeletons of the class's names
/// ([`skeleton`]: look-alikes, accents, case and spacing folded);
/// `taken` its usernames in lower case.
pub fn preview(
    lines: Vec<(String, Option<bool>)>,
    class_names: &HashSet<String>,
    taken: &HashSet<String>,
) -> Vec<PreviewLine> {
    let mut reserved = taken.clone();
    let mut seen = HashSet::new();
    lines
        .into_iter()
        .map(|(line, tick)| {
            let line = line.trim().to_owned();
            let (name, problem) = match DisplayName::parse(&line) {
                _ if line.is_empty() => (line, Some(LineProblem::Blank)),
                Err(message) => (line, Some(LineProblem::Invalid(message))),
                Ok(name) => {
                    let folded = skeleton(name.as_str());
                    let problem = if looks_like_heading(name.as_str()) {
                        Some(LineProblem::Heading)
                    } else if !seen.insert(folded.clone()) {
                        Some(LineProblem::Repeated)
                    } else if class_names.contains(&folded) {
                        Some(LineProblem::InClass)
                    } else {
                        None
                    };
                    (name.as_str().to_owned(), problem)
                }
            };
            let addable = problem.is_none_or(LineProblem::can_be_added);
            let ticked = addable && tick.unwrap_or(problem.is_none());
            let username = addable.then(|| free_username(&name, &reserved));
            if let Some(username) = username.as_ref().filter(|_| ticked) {
                reserved.insert(username.clone());
            }
            PreviewLine {
                name,
                username,
                problem,
                ticked,
            }
        })
        .collect()
}

/// The username the store will give `name`: the suggestion, or it numbered 2, 3… as
/// `create_user_numbering_username` tries them.
fn free_username(name: &str, reserved: &HashSet<String>) -> String {
    let base = Username::suggest_for(name);
    std::iter::once(base.clone())
        .chain((2..).map(|n| base.numbered(n)))
        .map(|candidate| candidate.as_str().to_owned())
        .find(|candidate| !reserved.contains(candidate))
        .unwrap_or_else(|| base.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_preview(pasted: &str, class: &[(&str, &str)]) -> Vec<PreviewLine> {
        let names = class.iter().map(|(name, _)| skeleton(name)).collect();
        let taken = class.iter().map(|(_, user)| (*user).to_owned()).collect();
        let lines = pasted.lines().map(|l| (l.to_owned(), None)).collect();
        preview(lines, &names, &taken)
    }

    #[test]
    fn headings_blanks_and_repeats_are_flagged_and_left_unticked() {
        let lines = first_preview(
            "Period 5:\nAna López\n\nana  lopez\nClass 3B\n----\nBen Okafor",
            &[],
        );
        let problems: Vec<_> = lines.iter().map(|l| l.problem).collect();
        assert_eq!(
            problems,
            [
                Some(LineProblem::Heading),
                None,
                Some(LineProblem::Blank),
                Some(LineProblem::Repeated),
                Some(LineProblem::Heading),
                Some(LineProblem::Heading),
                None,
            ]
        );
        let ticked: Vec<_> = lines.iter().map(|l| l.ticked).collect();
        assert_eq!(ticked, [false, true, false, false, false, false, true]);
    }

    #[test]
    fn names_already_in_the_class_are_flagged_and_numbered() {
        let lines = first_preview("Ana López\nBen Okafor", &[("Ana Lopez", "ana.lopez")]);
        assert_eq!(lines[0].problem, Some(LineProblem::InClass));
        assert_eq!(lines[0].username.as_deref(), Some("ana.lopez2"));
        assert_eq!(lines[1].username.as_deref(), Some("ben.okafor"));
    }

    #[test]
    fn a_name_that_only_looks_like_a_class_members_is_flagged() {
        // A Cyrillic "А" and a zero for an "O": the same name to a reader.
        let lines = first_preview(
            "Аna Lopez
Ben 0kafor",
            &[("Ana López", "ana.lopez"), ("Ben Okafor", "ben.okafor")],
        );
        assert_eq!(lines[0].problem, Some(LineProblem::InClass));
        assert_eq!(lines[1].problem, Some(LineProblem::InClass));
        assert!(!lines[0].ticked && !lines[1].ticked);
    }

    #[test]
    fn ticked_lines_reserve_their_usernames_for_the_lines_below() {
        let names = HashSet::new();
        let lines = vec![
            ("Emma Johnson".to_owned(), Some(true)),
            ("Emma Johnson".to_owned(), Some(true)),
            ("Emma Johnson".to_owned(), Some(false)),
        ];
        let usernames: Vec<_> = preview(lines, &names, &HashSet::new())
            .into_iter()
            .map(|l| l.username.unwrap_or_default())
            .collect();
        assert_eq!(
            usernames,
            ["emma.johnson", "emma.johnson2", "emma.johnson3"]
        );
    }

    #[test]
    fn a_line_that_cannot_be_a_name_cannot_be_ticked() {
        let long = "x".repeat(81);
        let lines = preview(vec![(long, Some(true))], &HashSet::new(), &HashSet::new());
        assert!(matches!(lines[0].problem, Some(LineProblem::Invalid(_))));
        assert!(!lines[0].ticked);
        assert_eq!(lines[0].username, None);
    }

    #[test]
    fn names_that_merely_contain_heading_words_are_names() {
        for name in ["Grace Period", "Classy Jones", "Year"] {
            assert!(!looks_like_heading(name), "{name}");
        }
        for heading in ["Period 5", "Year 7:", "# Group A", "2026-27"] {
            assert!(looks_like_heading(heading), "{heading}");
        }
    }
}
