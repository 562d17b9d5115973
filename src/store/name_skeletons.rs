//! Filling in the stored comparison form of names (migration 0020) for accounts made
//! before it existed, or loaded without it (the dev seed, an older backup). Run at
//! start; a name that already looks like an earlier member's stays unclaimed, as the
//! teacher's deliberate look-alikes do.

use super::handle::Store;
use super::users::name_skeleton;
use crate::db::{is_unique_violation, on_db};

const UNCLAIMED_NAMES: &str = "select id, display_name from users \
     where name_skeleton is null and removed_at is null order by id";
const CLAIM_NAME: &str =
    "update users set name_skeleton = $2 where id = $1 and name_skeleton is null";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[UNCLAIMED_NAMES, CLAIM_NAME];

impl Store {
    /// Stores the comparison form of every name that has none yet; returns how many were
    /// stored. Another instance filling at the same time only makes some of these no-ops.
    pub async fn fill_name_skeletons(&self) -> Result<usize, sqlx::Error> {
        let unclaimed: Vec<(i64, String)> = on_db!(&self.db, pool => {
            sqlx::query_as(UNCLAIMED_NAMES).fetch_all(pool).await?
        });
        let mut stored = 0;
        for (id, display_name) in unclaimed {
            let Some(skeleton) = name_skeleton(&display_name) else {
                continue;
            };
            let claimed = on_db!(&self.db, pool => {
                sqlx::query(CLAIM_NAME)
                    .bind(id)
                    .bind(&skeleton)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected())
            });
            match claimed {
                Ok(rows) => stored += rows as usize,
                Err(e) if is_unique_violation(&e) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(stored)
    }
}
