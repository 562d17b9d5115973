//! Password sheets: the sign-in details of new accounts or new passwords, kept for a
//! short time for the teacher who made them, so reloading the sheet shows it again
//! (on any instance) instead of making anything twice.

use sqlx::FromRow;

use super::handle::Store;
use crate::db::{BeginWrite, Timestamp, on_db};

/// How long a sheet can be opened again (to print it twice, say) before it is deleted.
pub const SHEET_LIFETIME: time::Duration = time::Duration::hours(1);

/// One slip of a sheet.
#[derive(Clone, Debug, FromRow)]
pub struct SheetRow {
    /// The student's name.
    pub display_name: String,
    /// What they type to sign in.
    pub username: String,
    /// Their new password.
    pub password: String,
}

/// A sheet to keep: whose it is, its heading, until when, and its slips.
#[derive(Debug)]
pub struct NewSheet<'a> {
    /// SHA-256 of the token in the sheet's address.
    pub token_hash: &'a str,
    /// The teacher who may read it.
    pub teacher_id: i64,
    /// "New students", "New passwords".
    pub heading: &'a str,
    /// When it is deleted.
    pub expires_at: Timestamp,
    /// The slips, in order.
    pub rows: &'a [SheetRow],
}

const DELETE_EXPIRED_SHEETS: &str = "delete from credential_sheets where expires_at < $1";
const INSERT_SHEET: &str = "insert into credential_sheets \
     (token_hash, teacher_id, heading, created_at, expires_at) values ($1, $2, $3, $4, $5)";
const INSERT_SHEET_ROW: &str = "insert into credential_sheet_rows \
     (token_hash, position, display_name, username, password) values ($1, $2, $3, $4, $5)";
const SHEET_HEADING: &str = "select heading from credential_sheets \
     where token_hash = $1 and teacher_id = $2 and expires_at > $3";
const SHEET_ROWS: &str = "select display_name, username, password from credential_sheet_rows \
     where token_hash = $1 order by position";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    DELETE_EXPIRED_SHEETS,
    INSERT_SHEET,
    INSERT_SHEET_ROW,
    SHEET_HEADING,
    SHEET_ROWS,
];

impl Store {
    /// Keeps a sheet, deleting every expired one first.
    pub async fn save_sheet(&self, sheet: &NewSheet<'_>) -> Result<(), sqlx::Error> {
        let now = Timestamp::now();
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(DELETE_EXPIRED_SHEETS).bind(now).execute(&mut *tx).await?;
            sqlx::query(INSERT_SHEET)
                .bind(sheet.token_hash)
                .bind(sheet.teacher_id)
                .bind(sheet.heading)
                .bind(now)
                .bind(sheet.expires_at)
                .execute(&mut *tx)
                .await?;
            for (position, row) in (0_i32..).zip(sheet.rows) {
                sqlx::query(INSERT_SHEET_ROW)
                    .bind(sheet.token_hash)
                    .bind(position)
                    .bind(&row.display_name)
                    .bind(&row.username)
                    .bind(&row.password)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })
    }

    /// A sheet's heading and slips, if `teacher_id` made it and it has not expired.
    pub async fn sheet(
        &self,
        token_hash: &str,
        teacher_id: i64,
    ) -> Result<Option<(String, Vec<SheetRow>)>, sqlx::Error> {
        on_db!(&self.db, pool => {
            let heading: Option<String> = sqlx::query_scalar(SHEET_HEADING)
                .bind(token_hash)
                .bind(teacher_id)
                .bind(Timestamp::now())
                .fetch_optional(pool)
                .await?;
            let Some(heading) = heading else { return Ok(None) };
            let rows = sqlx::query_as(SHEET_ROWS).bind(token_hash).fetch_all(pool).await?;
            Ok(Some((heading, rows)))
        })
    }
}
