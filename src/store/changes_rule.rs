//! The test of `changes.rs`'s rule: it reads the store's sources and fails when a
//! method writes a watched table without moving the generation that table moves.

use crate::store::catalog::SOURCES;

/// The tables migration 0008 watches: every page reads only these.
const SHOWN_TABLES: [&str; 9] = [
    "assignments",
    "users",
    "settings",
    "posts",
    "post_slugs",
    "labels",
    "post_labels",
    "images",
    "comments",
];

/// Statements that write a watched table yet change nothing a page shows, and why.
const UNSEEN_WRITES: &[(&str, &str)] = &[
    (
        "CLAIM_NAME",
        "only the comparison form of a name, which no page shows (nor does 0008's trigger fire)",
    ),
    (
        "RECORD_SIGN_IN",
        "only the teachers' Class page shows it (nor does 0008's trigger fire)",
    ),
    (
        "SET_PASSWORD_HASH",
        "no page shows a password (nor does 0008's trigger fire)",
    ),
    (
        "SET_CAN_COMMENT",
        "only the student's own, signed-in pages change",
    ),
    (
        "INSERT_SETTING_IF_MISSING",
        "only ever the comment form's signing key",
    ),
];

/// What a member's session statement reads besides the tables above (whose writes move
/// the sessions' generation with the others): a kept session must never outlive them.
const SESSION_TABLES: [&str; 3] = ["sessions", "events", "users"];

/// Statements that write those tables yet change nothing the session statement reads.
const UNREAD_BY_SESSIONS: &[(&str, &str)] = &[
    ("CLAIM_NAME", "only the comparison form of a name"),
    ("RECORD_SIGN_IN", "when a member last signed in"),
    (
        "SET_PASSWORD_HASH",
        "a password: changing it ends sessions by another statement",
    ),
];

/// What only teachers' pages show besides (kept by the members' generation).
const MEMBERS_TABLES: [&str; 1] = ["class_groups"];

/// Whether `text` holds `word` standing alone (not inside a longer name).
fn mentions(text: &str, word: &str) -> bool {
    let named = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).any(|(at, _)| {
        !named(text[..at].chars().next_back()) && !named(text[at + word.len()..].chars().next())
    })
}

/// The names of the statement constants that write one of `tables`, but for `unseen`.
fn writes_to(source: &str, tables: &[&str], unseen: &[(&str, &str)]) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in source.match_indices("const ") {
        let rest = &source[at + "const ".len()..];
        let Some((name, rest)) = rest.split_once(": &str =") else {
            continue;
        };
        let sql = rest.split(';').next().unwrap_or_default().to_lowercase();
        let writes = ["insert into ", "update ", "delete from "]
            .iter()
            .any(|verb| {
                sql.match_indices(verb).any(|(at, _)| {
                    let table = sql[at + verb.len()..].split([' ', '(']).next();
                    table.is_some_and(|table| tables.contains(&table))
                })
            });
        if writes && !unseen.iter().any(|(unseen, _)| *unseen == name) {
            names.push(name.trim().to_owned());
        }
    }
    names
}

/// Every function and macro of `source`: its name and its whole text.
fn items(source: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let head = line.trim_start();
        // Any visibility: `pub`, `pub(super)`, `pub(in crate::store)`.
        let head = match head.strip_prefix("pub(") {
            Some(rest) => rest.split_once(") ").map_or(head, |(_, rest)| rest),
            None => head.strip_prefix("pub ").unwrap_or(head),
        };
        let head = head.strip_prefix("async ").unwrap_or(head);
        let Some(rest) = head
            .strip_prefix("fn ")
            .or(head.strip_prefix("macro_rules! "))
        else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0_i32, false);
        let end = source[start..].char_indices().find_map(|(i, c)| {
            match c {
                '{' => (depth, opened) = (depth + 1, true),
                '}' => depth -= 1,
                _ => {}
            }
            (opened && depth == 0).then_some(start + i + 1)
        });
        found.push((name, &source[start..end.unwrap_or(source.len())]));
    }
    found
}

/// The public store methods that run a statement writing one of `tables` (but for
/// `unseen`) without calling one of `movers` (or a function that does). `known` is a
/// statement that must be found writing them, so a reading that finds none fails.
fn forgetful(
    tables: &[&str],
    unseen: &[(&str, &str)],
    movers: &[&str],
    known: &str,
) -> Vec<String> {
    let items: Vec<(String, &str)> = SOURCES.iter().flat_map(|s| items(s)).collect();
    // What moves the generation: the macro, the call, and whatever uses either
    // (`changing_posts!`, say).
    let mut movers: Vec<String> = movers.iter().map(|m| (*m).to_owned()).collect();
    loop {
        let calls = |text: &str, name: &str| {
            text.contains(&format!("{name}!(")) || text.contains(&format!("{name}("))
        };
        let more: Vec<String> = items
            .iter()
            .filter(|(name, text)| !movers.contains(name) && movers.iter().any(|m| calls(text, m)))
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        movers.extend(more);
    }
    // Statements, then the helpers that run them without moving the generation
    // themselves: whoever calls those must move it.
    let mut writers: Vec<String> = SOURCES
        .iter()
        .flat_map(|s| writes_to(s, tables, unseen))
        .collect();
    assert!(writers.iter().any(|w| w == known), "{known} in {writers:?}");
    loop {
        let more: Vec<String> = items
            .iter()
            .filter(|(name, text)| {
                !movers.contains(name)
                    && !writers.contains(name)
                    && writers.iter().any(|w| mentions(text, w))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        writers.extend(more);
    }
    items
        .iter()
        .filter(|(_, text)| text.trim_start().starts_with("pub async fn"))
        .filter(|(name, _)| writers.contains(name))
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn every_store_write_to_what_pages_show_moves_the_generation() {
    let forgetful = forgetful(
        &SHOWN_TABLES,
        UNSEEN_WRITES,
        &["writing_shown", "content_changed"],
        "INSERT_COMMENT",
    );
    assert!(
        forgetful.is_empty(),
        "these write what pages show without `writing_shown!`: {forgetful:?}"
    );
}

#[test]
fn every_store_write_to_what_a_session_reads_moves_the_sessions_generation() {
    let forgetful = forgetful(
        &SESSION_TABLES,
        UNREAD_BY_SESSIONS,
        // Not `members_changed`: a student's kept session does not follow it.
        &[
            "writing_shown",
            "content_changed",
            "writing_sessions",
            "sessions_changed",
        ],
        "DELETE_SESSION",
    );
    assert!(
        forgetful.is_empty(),
        "these write what a kept session was read from without `writing_sessions!`: {forgetful:?}"
    );
}

#[test]
fn every_store_write_to_what_teachers_pages_keep_moves_the_members_generation() {
    let forgetful = forgetful(
        &MEMBERS_TABLES,
        &[],
        &[
            "writing_shown",
            "content_changed",
            "writing_members",
            "members_changed",
        ],
        "INSERT_GROUP",
    );
    assert!(
        forgetful.is_empty(),
        "these write the class's groups without `writing_members!`: {forgetful:?}"
    );
}
