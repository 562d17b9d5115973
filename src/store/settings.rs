//! Site-wide settings: a key-value table, read whole into a typed struct.

use super::Store;
use crate::db::on_db;

/// The settings every page needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    /// The blog's name, in the header and the browser tab.
    pub title: String,
    /// One line under the title, and the description for search engines.
    pub tagline: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "Our class blog".to_owned(),
            tagline: String::new(),
        }
    }
}

const ALL_SETTINGS: &str = "select key, value from settings";
const UPSERT_SETTING: &str = "insert into settings (key, value) values ($1, $2) \
     on conflict (key) do update set value = excluded.value";

impl SiteSettings {
    fn apply(&mut self, key: &str, value: String) {
        match key {
            "site.title" => self.title = value,
            "site.tagline" => self.tagline = value,
            _ => {}
        }
    }
}

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[ALL_SETTINGS, UPSERT_SETTING];

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

    /// Saves the site's title and tagline.
    pub async fn save_site_settings(&self, settings: &SiteSettings) -> Result<(), sqlx::Error> {
        for (key, value) in [
            ("site.title", &settings.title),
            ("site.tagline", &settings.tagline),
        ] {
            on_db!(&self.db, pool => {
                sqlx::query(UPSERT_SETTING).bind(key).bind(value).execute(pool).await?;
            });
        }
        Ok(())
    }
}
