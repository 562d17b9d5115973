//! Which tables a backup carries, their columns and types, and in what order they load
//! (each after the tables its foreign keys point to). Every table of the live schema is
//! either listed in [`ARCHIVED`] or in [`NOT_ARCHIVED`] with the reason; a test compares
//! both lists with the schema, so a table or column added later fails it until someone
//! decides whether it belongs in a backup.

/// How a column's values are written in an archive, so they read back the same on
/// either database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer: a JSON number.
    Integer,
    /// Text: a JSON string.
    Text,
    /// true or false (an integer on SQLite, `boolean` on Postgres).
    Boolean,
    /// A UTC instant to the millisecond: a JSON string like `2026-11-30T05:09:02.123Z`.
    Time,
    /// Bytes (a picture): stored as a file of its own in the archive; the row holds its name.
    Picture,
}

impl Kind {
    /// The name the manifest gives the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::Text => "text",
            Kind::Boolean => "boolean",
            Kind::Time => "time",
            Kind::Picture => "picture",
        }
    }

    /// The kind a manifest names.
    pub fn parse(name: &str) -> Option<Kind> {
        [
            Kind::Integer,
            Kind::Text,
            Kind::Boolean,
            Kind::Time,
            Kind::Picture,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// One archived table.
#[derive(Debug)]
pub struct Table {
    /// Its name in both schemas.
    pub name: &'static str,
    /// Every column but generated ones, each with its kind.
    pub columns: &'static [(&'static str, Kind)],
    /// The columns that order its rows: parents before children, the same on both backends.
    pub order_by: &'static [&'static str],
    /// Postgres makes its `id` (`generated always as identity`): a restore must say it
    /// gives the ids itself, and move the sequence past them afterwards.
    pub identity: bool,
}

use Kind::{Boolean as B, Integer as I, Picture as P, Text as T, Time as W};

/// Every archived table, in the order a restore loads them.
// One column per item would bury the schema's shape; kept as written.
#[rustfmt::skip]
pub const ARCHIVED: &[Table] = &[
    Table { name: "settings", columns: &[("key", T), ("value", T)], order_by: &["key"], identity: false },
    Table { name: "class_groups", columns: &[("id", I), ("name", T), ("created_at", W)], order_by: &["id"], identity: true },
    Table {
        name: "users",
        columns: &[
            ("id", I), ("username", T), ("display_name", T), ("password_hash", T), ("role", T),
            ("active", B), ("bio", T), ("created_at", W), ("can_comment", B),
            ("group_id", I), ("last_sign_in_at", W), ("removed_at", W), ("name_skeleton", T),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "assignments",
        columns: &[
            ("id", I), ("title", T), ("instructions", T), ("instructions_html", T), ("due_at", W),
            ("group_id", I), ("comments_required", I), ("answers_visible_before_due", B),
            ("closed", B), ("created_at", W), ("updated_at", W),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "posts",
        columns: &[
            ("id", I), ("author_id", I), ("title", T), ("slug", T), ("body", T), ("body_html", T),
            ("body_text", T), ("excerpt", T), ("labels", T), ("status", T), ("review_note", T),
            ("published_at", W), ("published_month", T), ("created_at", W), ("updated_at", W),
            ("edited_at", W), ("trashed_at", W), ("comments_open", B), ("comment_count", I),
            ("assignment_id", I),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "assignment_extensions",
        columns: &[("assignment_id", I), ("student_id", I), ("due_at", W)],
        order_by: &["assignment_id", "student_id"],
        identity: false,
    },
    Table { name: "post_slugs", columns: &[("slug", T), ("post_id", I)], order_by: &["slug"], identity: false },
    Table { name: "labels", columns: &[("id", I), ("name", T), ("slug", T)], order_by: &["id"], identity: true },
    Table { name: "post_labels", columns: &[("post_id", I), ("label_id", I)], order_by: &["post_id", "label_id"], identity: false },
    Table {
        name: "post_revisions",
        columns: &[
            ("id", I), ("post_id", I), ("editor_id", I), ("title", T), ("body", T), ("labels", T),
            ("created_at", W),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "autosaves",
        columns: &[
            ("post_id", I), ("user_id", I), ("title", T), ("body", T), ("labels", T), ("saved_at", W),
        ],
        order_by: &["post_id"],
        identity: false,
    },
    Table {
        name: "images",
        columns: &[
            ("id", T), ("uploader_id", I), ("content_type", T), ("width", I), ("height", I),
            ("data", P), ("small_width", I), ("small_height", I), ("small_data", P),
            ("original_name", T), ("created_at", W),
        ],
        order_by: &["id"],
        identity: false,
    },
    Table {
        name: "comments",
        columns: &[
            ("id", I), ("post_id", I), ("parent_id", I), ("depth", I), ("author_id", I),
            ("guest_name", T), ("body", T), ("body_html", T), ("state", T), ("flag", T),
            ("flag_reason", T), ("flagged_by", I), ("rejection_note", T),
            ("edited_by_teacher", B), ("body_hash", T), ("address", T), ("created_at", W),
            ("updated_at", W), ("approved_at", W),
        ],
        // A reply is always written after the comment it answers, so its id is larger.
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "moderation_log",
        columns: &[
            ("id", I), ("comment_id", I), ("actor_id", I), ("action", T), ("from_state", T),
            ("to_state", T), ("note", T), ("created_at", W),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "events",
        columns: &[
            ("id", I), ("user_id", I), ("kind", T), ("post_id", I), ("comment_id", I), ("note", T),
            ("created_at", W), ("read_at", W),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "feedback",
        columns: &[
            ("id", I), ("post_id", I), ("teacher_id", I), ("body", T), ("created_at", W),
            ("updated_at", W), ("seen_at", W),
        ],
        order_by: &["id"],
        identity: true,
    },
    Table {
        name: "feedback_revisions",
        columns: &[("id", I), ("feedback_id", I), ("teacher_id", I), ("body", T), ("created_at", W)],
        order_by: &["id"],
        identity: true,
    },
    // An imported blog's old addresses keep redirecting after a restore, and importing
    // its file again still adds nothing.
    Table {
        name: "import_mappings",
        columns: &[("kind", T), ("key", T), ("source", T), ("post_id", I), ("comment_id", I)],
        order_by: &["kind", "key"],
        identity: false,
    },
];

/// Every table left out of a backup, and why. A `--replace` restore empties the ones
/// that point at archived rows.
#[rustfmt::skip]
pub const NOT_ARCHIVED: &[(&str, &str)] = &[
    ("_sqlx_migrations", "the migrations' own record: a restore runs them first"),
    ("sessions", "sign-ins end with the database they were made on"),
    ("setup_tokens", "one-time set-up links, of no use once a teacher exists"),
    ("sign_in_throttles", "throttling counters, forgiven after minutes"),
    ("change_counters", "cache counters, moved by the restore itself"),
    ("pending_texts", "texts kept for a day under a link only their writer holds"),
    ("family_links", "the family link is a secret: a backup must not carry it"),
    ("credential_sheets", "printed password sheets, kept minutes for a reload"),
    ("credential_sheet_rows", "their passwords in the clear, never to be copied"),
    ("blog_imports", "an uploaded export and its import's progress: what it brought in is archived as posts, and a restore must not bring back a half-done import or copy the teacher's file into every backup"),
];

/// What a `--replace` restore empties before loading, children first.
pub const EMPTIED_ON_REPLACE: &[&str] = &[
    "blog_imports",
    "credential_sheet_rows",
    "credential_sheets",
    "sessions",
    "setup_tokens",
    "sign_in_throttles",
    "pending_texts",
];

/// The table named `name`, if it is archived.
pub fn archived(name: &str) -> Option<&'static Table> {
    ARCHIVED.iter().find(|table| table.name == name)
}

/// The names of the live schema's tables (not SQLite's search index or its own).
pub const LIVE_TABLES_SQLITE: &str = "select name from pragma_table_list \
     where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name";
/// The same on Postgres, in the connection's schema.
pub const LIVE_TABLES_POSTGRES: &str = "select table_name::text from information_schema.tables \
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name";
/// A live table's columns, without generated ones (Postgres's search vector).
pub const LIVE_COLUMNS_SQLITE: &str = "select name from pragma_table_info($1) order by cid";
/// The same on Postgres.
pub const LIVE_COLUMNS_POSTGRES: &str = "select column_name::text from information_schema.columns \
     where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER' \
     order by ordinal_position";
