//! One-time set-up links and the first teacher's account.

use super::handle::Store;
use super::users::{INSERT_USER, NewUser, UserRow, name_skeleton};
use crate::accounts::{Role, User};
use crate::db::{BeginWrite, Timestamp, on_db};

const INSERT_SETUP_TOKEN: &str =
    "insert into setup_tokens (token_hash, created_at, expires_at) values ($1, $2, $3)";
const SETUP_TOKEN_IS_OPEN: &str = "select exists (select 1 from setup_tokens \
     where token_hash = $1 and used_at is null and expires_at > $2)";
// Claiming is one statement, so two people opening the same link cannot both win.
const CLAIM_SETUP_TOKEN: &str = "update setup_tokens set used_at = $2 \
     where token_hash = $1 and used_at is null and expires_at > $2";
/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] =
    &[INSERT_SETUP_TOKEN, SETUP_TOKEN_IS_OPEN, CLAIM_SETUP_TOKEN];

impl Store {
    /// Stores a new set-up token (only its hash).
    pub async fn create_setup_token(
        &self,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(INSERT_SETUP_TOKEN)
                .bind(token_hash)
                .bind(Timestamp::now())
                .bind(expires_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Whether a set-up token exists, is unused and has not run out.
    pub async fn setup_token_is_open(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(SETUP_TOKEN_IS_OPEN).bind(token_hash).bind(now).fetch_one(pool).await
        })
    }

    /// Uses up a set-up token and creates the first teacher, both or neither.
    /// `None` when the token was already used or has run out.
    pub async fn complete_setup(
        &self,
        token_hash: &str,
        teacher: &NewUser<'_>,
    ) -> Result<Option<User>, sqlx::Error> {
        let now = Timestamp::now();
        let row: Option<UserRow> = writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let claimed = sqlx::query(CLAIM_SETUP_TOKEN)
                .bind(token_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if claimed == 1 {
                let row = sqlx::query_as(INSERT_USER)
                    .bind(teacher.username.as_str())
                    .bind(teacher.display_name)
                    .bind(Role::Teacher.as_str())
                    .bind(teacher.password_hash)
                    .bind(now)
                    .bind(name_skeleton(teacher.display_name))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(row))
            } else {
                Ok(None)
            }
        })?;
        Ok(row.map(User::from))
    }
}
