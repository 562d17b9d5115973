//! The family link (issue 12): the one secret address that lets families read a
//! class-only blog. Read on every request that carries a family cookie, so renewing or
//! turning it off ends every family reader on every instance at once.

use super::handle::Store;
use crate::db::on_db;

const FAMILY_TOKEN: &str = "select token from family_links where id = 1";
const SET_FAMILY_TOKEN: &str = "insert into family_links (id, token) values (1, $1) \
     on conflict (id) do update set token = excluded.token";
const DELETE_FAMILY_LINK: &str = "delete from family_links";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[FAMILY_TOKEN, SET_FAMILY_TOKEN, DELETE_FAMILY_LINK];

impl Store {
    /// The family link's token, if the link is on.
    pub async fn family_token(&self) -> Result<Option<String>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(FAMILY_TOKEN).fetch_optional(pool).await
        })
    }

    /// Turns the family link on with `token`, replacing the one in use.
    pub async fn set_family_token(&self, token: &str) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(SET_FAMILY_TOKEN).bind(token).execute(pool).await?;
            Ok(())
        })
    }

    /// Turns the family link off.
    pub async fn turn_off_family_link(&self) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(DELETE_FAMILY_LINK).execute(pool).await?;
            Ok(())
        })
    }
}
