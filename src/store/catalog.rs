//! The store's catalogue of its own statements: every one it runs (so a test can
//! prepare each on both backends) and the hot ones (for `quire dev explain`), in the
//! one place that reads them from every file of the store.

use super::handle::Store;
use super::hot::HotStatement;
use super::{
    answers, assignments, changes, comments, events, family, feedback, groups, images, imports,
    kept_texts, name_skeletons, posts, reading, roster, search, sessions, settings, setup, sheets,
    throttle, users,
};
use crate::db::Backend;

impl Store {
    /// Every SQL statement the store runs on `backend`, so a test can prepare each.
    pub fn statements_for(backend: Backend) -> Vec<&'static str> {
        let only_here = match backend {
            Backend::Sqlite => search::SQLITE_STATEMENTS,
            Backend::Postgres => search::POSTGRES_STATEMENTS,
        };
        [
            answers::STATEMENTS,
            assignments::STATEMENTS,
            changes::STATEMENTS,
            comments::writer::STATEMENTS,
            comments::sending::STATEMENTS,
            comments::moderation::STATEMENTS,
            comments::queue::STATEMENTS,
            comments::log::STATEMENTS,
            comments::thread::STATEMENTS,
            events::STATEMENTS,
            family::STATEMENTS,
            feedback::STATEMENTS,
            groups::STATEMENTS,
            images::STATEMENTS,
            imports::STATEMENTS,
            imports::RUN_STATEMENTS,
            kept_texts::STATEMENTS,
            name_skeletons::STATEMENTS,
            posts::lookup::STATEMENTS,
            posts::editing::STATEMENTS,
            posts::lifecycle::STATEMENTS,
            posts::revisions::STATEMENTS,
            posts::rendering::STATEMENTS,
            reading::lists::STATEMENTS,
            reading::navigation::STATEMENTS,
            reading::feeds::STATEMENTS,
            roster::STATEMENTS,
            sessions::STATEMENTS,
            settings::STATEMENTS,
            setup::STATEMENTS,
            sheets::STATEMENTS,
            throttle::STATEMENTS,
            users::STATEMENTS,
            only_here,
        ]
        .concat()
    }
}

/// Every hot statement run on `backend`, in the order a reader's requests meet them.
pub fn hot_statements(backend: Backend) -> Vec<HotStatement> {
    let mut hot = vec![
        sessions::SESSION_USER_HOT,
        reading::lists::OLDER_HOT,
        posts::lookup::POST_BY_SLUG_HOT,
        reading::navigation::PREVIOUS_POST_HOT,
        reading::navigation::NEXT_POST_HOT,
        comments::thread::THREAD_HOT,
        reading::lists::AUTHOR_OLDER_HOT,
        reading::feeds::FEED_ALL_HOT,
        match backend {
            Backend::Sqlite => search::SEARCH_SQLITE_HOT,
            Backend::Postgres => search::SEARCH_POSTGRES_HOT,
        },
        comments::sending::SENDING_CHECKS_HOT,
        comments::sending::HAS_APPROVED_HOT,
        reading::navigation::LABEL_COUNTS_HOT,
        reading::navigation::MONTH_COUNTS_HOT,
    ];
    // Only a SQLite server polls the counter; Postgres notifies its listeners instead.
    if backend == Backend::Sqlite {
        hot.push(changes::CONTENT_COUNTER_HOT);
    }
    hot
}

/// Every source file of the store, for the tests that read them (the rule of
/// `writing_shown!` in `changes.rs`, and the count of statements below). A test checks
/// that no file of the folder is missing.
#[cfg(test)]
pub(super) const SOURCES: [&str; 50] = [
    include_str!("answers.rs"),
    include_str!("assignments.rs"),
    include_str!("catalog.rs"),
    include_str!("changes.rs"),
    include_str!("changes_rule.rs"),
    include_str!("columns.rs"),
    include_str!("comments/log.rs"),
    include_str!("comments/mod.rs"),
    include_str!("comments/moderation.rs"),
    include_str!("comments/queue.rs"),
    include_str!("comments/rows.rs"),
    include_str!("comments/sending.rs"),
    include_str!("comments/thread.rs"),
    include_str!("comments/writer.rs"),
    include_str!("content_version.rs"),
    include_str!("events.rs"),
    include_str!("family.rs"),
    include_str!("feedback.rs"),
    include_str!("groups.rs"),
    include_str!("handle.rs"),
    include_str!("hot.rs"),
    include_str!("images.rs"),
    include_str!("imports/batch.rs"),
    include_str!("imports/mod.rs"),
    include_str!("imports/runs.rs"),
    include_str!("kept_groups.rs"),
    include_str!("kept_posts.rs"),
    include_str!("kept_sessions.rs"),
    include_str!("kept_texts.rs"),
    include_str!("name_skeletons.rs"),
    include_str!("mod.rs"),
    include_str!("posts/editing.rs"),
    include_str!("posts/lifecycle.rs"),
    include_str!("posts/lookup.rs"),
    include_str!("posts/mod.rs"),
    include_str!("posts/rendering.rs"),
    include_str!("posts/revisions.rs"),
    include_str!("posts/rows.rs"),
    include_str!("reading/feeds.rs"),
    include_str!("reading/lists.rs"),
    include_str!("reading/mod.rs"),
    include_str!("reading/navigation.rs"),
    include_str!("roster.rs"),
    include_str!("search.rs"),
    include_str!("sessions.rs"),
    include_str!("settings.rs"),
    include_str!("sheets.rs"),
    include_str!("setup.rs"),
    include_str!("throttle.rs"),
    include_str!("users.rs"),
];

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    /// The numbers of the `$N` placeholders in `sql`, each once, in ascending order.
    fn placeholders(sql: &str) -> Vec<usize> {
        let mut numbers: Vec<usize> = sql
            .split('$')
            .skip(1)
            .filter_map(|rest| {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                rest[..digits].parse().ok()
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the store's folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                found.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
        found
    }

    #[test]
    fn every_file_of_the_store_is_in_its_sources() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
        let missing: Vec<PathBuf> = rust_files(&folder)
            .into_iter()
            .filter(|path| {
                let text = std::fs::read_to_string(path).expect("a readable source");
                !SOURCES.contains(&text.as_str())
            })
            .collect();
        assert!(missing.is_empty(), "add these to SOURCES: {missing:?}");
    }

    #[test]
    fn every_statement_is_listed_for_the_prepare_test() {
        let declared: usize = SOURCES
            .iter()
            .flat_map(|source| source.lines())
            .filter_map(|line| line.split_once(": &str ="))
            .filter(|(head, _)| head.split_whitespace().rev().nth(1) == Some("const"))
            .count();
        let shared = Store::statements_for(Backend::Sqlite).len() - search::SQLITE_STATEMENTS.len();
        let listed = shared + search::SQLITE_STATEMENTS.len() + search::POSTGRES_STATEMENTS.len();
        assert_eq!(declared, listed);
    }

    #[test]
    fn every_sample_binds_each_placeholder_of_its_statement() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            for hot in hot_statements(backend) {
                let expected: Vec<usize> = (1..=hot.sample.len()).collect();
                assert_eq!(placeholders(hot.sql), expected, "{}", hot.purpose);
            }
        }
    }

    #[test]
    fn every_hot_statement_is_one_the_store_runs() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let statements = Store::statements_for(backend);
            for hot in hot_statements(backend) {
                assert!(statements.contains(&hot.sql), "{}", hot.purpose);
            }
        }
    }

    #[test]
    fn placeholders_are_read_as_numbers() {
        assert_eq!(placeholders("a = $2 and b = $10 or c = $2"), [2, 10]);
    }
}
