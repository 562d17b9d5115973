//! Site-wide settings: a key-value table, read whole into a typed struct.

use super::handle::Store;
use crate::comments::{ApprovalPolicy, DiscussionSettings, parse_word_list};
use crate::db::{BeginWrite, Timestamp, on_db};

/// The settings every page needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    /// The blog's name, in the header and the browser tab.
    pub title: String,
    /// One line under the title, and the description for search engines.
    pub tagline: String,
    /// Anyone may read (true), or only signed-in class members (false).
    pub public: bool,
    /// Students' posts wait for a teacher before they are published.
    pub posts_need_approval: bool,
    /// The IANA name of the school's time zone, for dates on pages.
    pub time_zone: String,
    /// Students may change their own display name (otherwise only teachers name people).
    pub students_rename: bool,
    /// Who may comment and which comments wait.
    pub discussion: DiscussionSettings,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "Our class blog".to_owned(),
            tagline: String::new(),
            public: true,
            posts_need_approval: false,
            time_zone: "UTC".to_owned(),
            students_rename: false,
            discussion: DiscussionSettings::default(),
        }
    }
}

const ALL_SETTINGS: &str = "select key, value from settings where key not like 'secret.%'";
const INSERT_SETTING_IF_MISSING: &str =
    "insert into settings (key, value) values ($1, $2) on conflict (key) do nothing";
const SETTING: &str = "select value from settings where key = $1";
const UPSERT_SETTING: &str = "insert into settings (key, value) values ($1, $2) \
     on conflict (key) do update set value = excluded.value";

impl SiteSettings {
    fn apply(&mut self, key: &str, value: String) {
        match key {
            "site.title" => self.title = value,
            "site.tagline" => self.tagline = value,
            "site.public" => self.public = value == "true",
            "posts.need_approval" => self.posts_need_approval = value == "true",
            "site.time_zone" => self.time_zone = value,
            "accounts.students_rename" => self.students_rename = value == "true",
            "privacy.hold_personal_data" => self.discussion.hold_personal_data = value == "true",
            "comments.anyone" => self.discussion.anyone_may_comment = value == "true",
            "comments.approval" => self.discussion.approval = ApprovalPolicy::from_stored(&value),
            "comments.hold_links_over" => {
                self.discussion.hold_links_over =
                    value.parse().unwrap_or(self.discussion.hold_links_over);
            }
            "comments.hold_words" => self.discussion.hold_words = parse_word_list(&value),
            "comments.reject_words" => self.discussion.reject_words = parse_word_list(&value),
            "comments.close_after_days" => {
                self.discussion.close_after_days = value.parse().unwrap_or(0);
            }
            _ => {}
        }
    }
}

/// Where the time of the last backup is kept (a `static`: it is a key, not a statement).
static LAST_BACKUP_KEY: &str = "backup.last_at";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    ALL_SETTINGS,
    UPSERT_SETTING,
    INSERT_SETTING_IF_MISSING,
    SETTING,
];

impl Store {
    /// The site's settings, with defaults for any never saved.
    pub async fn site_settings(&self) -> Result<SiteSettings, sqlx::Error> {
        let rows: Vec<(String, String)> = on_db!(&self.db, pool => {
            sqlx::query_as(ALL_SETTINGS).fetch_all(pool).await?
        });
        let mut settings = SiteSettings::default();
        for (key, value) in rows {
            settings.apply(&key, value);
        }
        Ok(settings)
    }

    /// Saves every site setting, in one transaction.
    pub async fn save_site_settings(&self, settings: &SiteSettings) -> Result<(), sqlx::Error> {
        let flag = |on: bool| if on { "true" } else { "false" }.to_owned();
        let pairs = [
            ("site.title", settings.title.clone()),
            ("site.tagline", settings.tagline.clone()),
            ("site.public", flag(settings.public)),
            ("posts.need_approval", flag(settings.posts_need_approval)),
            ("site.time_zone", settings.time_zone.clone()),
            ("accounts.students_rename", flag(settings.students_rename)),
            (
                "privacy.hold_personal_data",
                flag(settings.discussion.hold_personal_data),
            ),
            (
                "comments.anyone",
                flag(settings.discussion.anyone_may_comment),
            ),
            (
                "comments.approval",
                settings.discussion.approval.as_str().to_owned(),
            ),
            (
                "comments.hold_links_over",
                settings.discussion.hold_links_over.to_string(),
            ),
            (
                "comments.hold_words",
                settings.discussion.hold_words.join("\n"),
            ),
            (
                "comments.reject_words",
                settings.discussion.reject_words.join("\n"),
            ),
            (
                "comments.close_after_days",
                settings.discussion.close_after_days.to_string(),
            ),
        ];
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (key, value) in &pairs {
                sqlx::query(UPSERT_SETTING).bind(key).bind(value).execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// When the last backup was made, if one ever was (as the settings keep it).
    pub async fn last_backup_at(&self) -> Result<Option<Timestamp>, sqlx::Error> {
        let stored: Option<String> = on_db!(&self.db, pool => {
            sqlx::query_scalar(SETTING).bind(LAST_BACKUP_KEY).fetch_optional(pool).await?
        });
        Ok(stored.and_then(|text| Timestamp::parse(&text)))
    }

    /// Notes that a backup was made at `at`, for the teacher's Backups page.
    pub async fn record_backup(&self, at: Timestamp) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(UPSERT_SETTING).bind(LAST_BACKUP_KEY).bind(at.to_string()).execute(pool).await?;
            Ok(())
        })
    }

    /// The key that signs the comment form's timestamp, made once and shared by every
    /// instance (the first to start writes it; the others read it).
    pub async fn form_secret(&self) -> Result<String, sqlx::Error> {
        let fresh = crate::auth::token::generate();
        // Not `writing_shown!`: no page shows the key, and the guest comment form asks
        // for it, which must not drop every kept page.
        on_db!(&self.db, pool => {
            sqlx::query(INSERT_SETTING_IF_MISSING).bind("secret.form").bind(&fresh).execute(pool).await?;
            sqlx::query_scalar(SETTING).bind("secret.form").fetch_one(pool).await
        })
    }
}
