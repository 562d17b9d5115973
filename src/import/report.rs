//! What a finished import did, kept (as JSON, in `blog_imports.report`) for the progress
//! page any instance draws: counts, the new accounts' names and usernames (never their
//! passwords, which go to the password sheet), what stayed out, and the pictures that
//! stayed links to the old blog.

use serde::{Deserialize, Serialize};

use super::apply::Imported;
use super::model::Skipped;

/// A finished import, for people.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Posts brought in.
    pub posts: usize,
    /// Comments brought in.
    pub comments: usize,
    /// Posts an earlier import had brought in already.
    pub already_here: usize,
    /// Each new account's name and username.
    pub accounts: Vec<(String, String)>,
    /// What stayed out, and why (`what`, `why`).
    pub skipped: Vec<(String, String)>,
    /// Pictures that could not be fetched and stay links (`what`, `why`).
    pub links: Vec<(String, String)>,
}

impl Report {
    /// The report of `imported`, its missed pictures apart from the rest.
    pub fn of(imported: &Imported) -> Report {
        let pair = |s: &Skipped| (s.what.clone(), s.why.clone());
        // `fetch_pictures` names every picture it missed "Picture …".
        let (links, skipped): (Vec<&Skipped>, Vec<&Skipped>) = imported
            .skipped
            .iter()
            .partition(|s| s.what.starts_with("Picture "));
        Report {
            posts: imported.posts,
            comments: imported.comments,
            already_here: imported.already_here,
            accounts: imported
                .accounts
                .iter()
                .map(|a| (a.display_name.clone(), a.username.clone()))
                .collect(),
            skipped: skipped.into_iter().map(pair).collect(),
            links: links.into_iter().map(pair).collect(),
        }
    }

    /// As kept in the database.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read back from the database; an unreadable one reads as empty.
    pub fn from_json(text: &str) -> Report {
        serde_json::from_str(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::NewAccount;

    #[test]
    fn a_report_keeps_no_password_and_sets_missed_pictures_apart() {
        let imported = Imported {
            posts: 2,
            comments: 5,
            already_here: 1,
            accounts: vec![NewAccount {
                display_name: "Ana Lopez".into(),
                username: "ana.lopez".into(),
                password: "secret words here".into(),
            }],
            skipped: vec![
                Skipped {
                    what: "Page “About”".into(),
                    why: "pages are not imported".into(),
                },
                Skipped {
                    what: "Picture http://x/a.png in “Trip”".into(),
                    why: "gone".into(),
                },
            ],
        };
        let report = Report::of(&imported);
        let json = report.to_json();
        assert!(!json.contains("secret"), "{json}");
        assert_eq!(report.links.len(), 1);
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(Report::from_json(&json), report);
    }
}
