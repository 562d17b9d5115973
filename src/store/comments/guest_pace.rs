//! How fast guests are commenting: the per-address count that limits guests only
//! (members are limited per account, by `sending_checks`).

use crate::db::{Timestamp, on_db};
use crate::store::handle::Store;

const GUEST_COMMENTS_FROM: &str = "select count(*) from comments \
     where address = $1 and author_id is null and created_at > $2";

pub(in crate::store) const STATEMENTS: &[&str] = &[GUEST_COMMENTS_FROM];

impl Store {
    /// How many comments guests sent from `address` since `since`. Members' comments
    /// from the same address (a class shares one) do not count.
    pub async fn guest_comments_from(
        &self,
        address: &str,
        since: Timestamp,
    ) -> Result<i64, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(GUEST_COMMENTS_FROM).bind(address).bind(since).fetch_one(pool).await
        })
    }
}
