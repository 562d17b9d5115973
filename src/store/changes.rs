//! How an instance learns that something a reader sees has changed, so that what it
//! keeps in memory (rendered pages, the site settings) is never older than the database.
//!
//! Every instance counts changes in a local generation number. Changes made by any
//! other process reach it through the database: triggers on every table a page shows
//! (migration 0008) send a Postgres notification, which each instance listens for, or on
//! SQLite move the `content` counter, which each server reads four times a second. While
//! an instance cannot hear Postgres, its generation is not trusted and nothing is served
//! from memory.
//!
//! Its own writes move it at once, from the store's write path, so a request that wrote
//! nothing a page shows (a refused form, a sign-in) drops nothing kept. **The rule:**
//! every store method that writes a table migration 0008 watches (users, settings,
//! posts, post_slugs, labels, post_labels, images, comments) runs its statements inside
//! `writing_shown!`, which moves the generation once they are done, after the commit,
//! whether they succeeded or not (a needless move costs one page drawn again; a missing
//! one would serve a stale page). The few writes to those tables that change nothing a
//! page shows (a password, the form's signing key) are listed in this file's test, which
//! reads the store's sources and fails when a method writes a watched table without
//! moving the generation.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};
use sqlx::sqlite::SqlitePool;
use tokio::task::JoinHandle;

use super::content_version::ContentVersion;
use super::handle::Store;
use super::hot::HotStatement;
use crate::db::Db;

/// Runs `$body` (an expression over the backend's `$pool`, giving `Result<_, sqlx::Error>`;
/// it may use `?` and `return`) as a write to a table pages show, then moves this
/// instance's content generation, whatever the outcome: the rule in this module's notes.
macro_rules! writing_shown {
    ($store:expr, $pool:ident => $body:expr) => {{
        let store: &$crate::store::handle::Store = $store;
        let written: Result<_, sqlx::Error> =
            $crate::db::on_db!(&store.db, $pool => async { $body }.await);
        store.content_changed();
        written
    }};
}

/// How often a SQLite server reads the counter that other processes' writes move.
const SQLITE_POLL: Duration = Duration::from_millis(250);
/// How long to wait before listening again after Postgres went away.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

pub(super) const CONTENT_COUNTER: &str = "select value from change_counters where name = 'content'";
pub(super) const CONTENT_COUNTER_HOT: HotStatement = HotStatement {
    purpose: "content counter (a SQLite server, four times a second)",
    sql: CONTENT_COUNTER,
    sample: &[],
};

pub(super) const STATEMENTS: &[&str] = &[CONTENT_COUNTER];

impl Store {
    /// This instance's generation of what readers see (see [`ContentVersion`]).
    pub fn content_version(&self) -> Option<u64> {
        self.content.current()
    }

    /// Something a reader sees may just have changed in this process. The store's own
    /// writes call it through `writing_shown!`; call it only after writing around the
    /// store (a test ageing a row with raw SQL, say).
    pub fn content_changed(&self) {
        self.content.bump();
    }

    /// Starts listening for changes made by other processes. Until this runs (and while
    /// it cannot reach the database), [`Store::content_version`] is `None`.
    pub fn watch_content(&self) -> JoinHandle<()> {
        let content = Arc::clone(&self.content);
        match &self.db {
            Db::Sqlite(pool) => tokio::spawn(poll_counter(pool.clone(), content)),
            Db::Postgres(pool) => tokio::spawn(listen(pool.clone(), content)),
        }
    }
}

async fn poll_counter(pool: SqlitePool, content: Arc<ContentVersion>) {
    let mut seen: Option<i64> = None;
    while !pool.is_closed() {
        match sqlx::query_scalar::<_, i64>(CONTENT_COUNTER)
            .fetch_one(&pool)
            .await
        {
            Ok(value) if seen == Some(value) => {}
            Ok(value) => {
                if seen.is_none() {
                    content.set_trusted(true);
                } else {
                    content.bump();
                }
                seen = Some(value);
            }
            Err(error) => {
                if seen.take().is_some() {
                    tracing::warn!(%error, "cannot read the content counter; pages are not cached");
                    content.set_trusted(false);
                }
            }
        }
        tokio::time::sleep(SQLITE_POLL).await;
    }
}

async fn listen(pool: PgPool, content: Arc<ContentVersion>) {
    while !pool.is_closed() {
        match hear_changes(&pool, &content).await {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(%error, "not hearing changes from Postgres; pages are not cached");
                content.set_trusted(false);
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        }
    }
}

/// Listens until the pool closes (`Ok`) or the connection fails for good (`Err`).
async fn hear_changes(pool: &PgPool, content: &ContentVersion) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // The channel migration 0008's triggers send on.
    listener.listen("quire_content").await?;
    content.set_trusted(true);
    loop {
        match listener.try_recv().await {
            Ok(Some(_)) => content.bump(),
            // The connection dropped and the listener has connected and listened again;
            // whatever was sent in between is lost, so everything kept is dropped.
            Ok(None) => content.bump(),
            Err(sqlx::Error::PoolClosed) => return Ok(()),
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::catalog::SOURCES;

    /// The tables migration 0008 watches: every page reads only these.
    const SHOWN_TABLES: [&str; 8] = [
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
    const UNSEEN_WRITES: [(&str, &str); 5] = [
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

    /// Whether `text` holds `word` standing alone (not inside a longer name).
    fn mentions(text: &str, word: &str) -> bool {
        let named = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        text.match_indices(word).any(|(at, _)| {
            !named(text[..at].chars().next_back()) && !named(text[at + word.len()..].chars().next())
        })
    }

    /// The names of the statement constants that write a watched table.
    fn shown_writes(source: &str) -> Vec<String> {
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
                        table.is_some_and(|table| SHOWN_TABLES.contains(&table))
                    })
                });
            if writes && !UNSEEN_WRITES.iter().any(|(unseen, _)| *unseen == name) {
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

    #[test]
    fn every_store_write_to_what_pages_show_moves_the_generation() {
        let items: Vec<(String, &str)> = SOURCES.iter().flat_map(|s| items(s)).collect();
        // What moves the generation: the macro, the call, and whatever uses either
        // (`changing_posts!`, say).
        let mut movers = vec!["writing_shown".to_owned(), "content_changed".to_owned()];
        loop {
            let calls = |text: &str, name: &str| {
                text.contains(&format!("{name}!(")) || text.contains(&format!("{name}("))
            };
            let more: Vec<String> = items
                .iter()
                .filter(|(name, text)| {
                    !movers.contains(name) && movers.iter().any(|m| calls(text, m))
                })
                .map(|(name, _)| name.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            movers.extend(more);
        }
        let moves = |name: &String| movers.contains(name);
        // Statements, then the helpers that run them without moving the generation
        // themselves: whoever calls those must move it.
        let mut writers: Vec<String> = SOURCES.iter().flat_map(|s| shown_writes(s)).collect();
        assert!(writers.iter().any(|w| w == "INSERT_COMMENT"), "{writers:?}");
        loop {
            let more: Vec<String> = items
                .iter()
                .filter(|(name, text)| {
                    !moves(name)
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
        let forgetful: Vec<&String> = items
            .iter()
            .filter(|(_, text)| text.trim_start().starts_with("pub async fn"))
            .filter(|(name, _)| writers.contains(name))
            .map(|(name, _)| name)
            .collect();
        assert!(
            forgetful.is_empty(),
            "these write what pages show without `writing_shown!`: {forgetful:?}"
        );
    }
}
