//! Imports started from the teacher's Settings (migration 0021): the uploaded file, the
//! run's stage and heartbeat, and its report, in the database so that every instance
//! shows the same preview and progress. A run whose heartbeat has stopped (its instance
//! died) is marked failed when next read; its file is kept so it can be started again.

use sqlx::FromRow;

use crate::db::{BeginWrite, Timestamp, is_unique_violation, on_db};
use crate::store::handle::Store;

/// A run is taken for dead when its instance has not beaten for this long.
pub const STALE_AFTER: time::Duration = time::Duration::minutes(2);

/// An uploaded export and where its import stands (without the file itself).
#[derive(Clone, Debug, FromRow)]
pub struct BlogImport {
    /// Its number, in the preview's and progress page's address.
    pub id: i64,
    /// The teacher who uploaded it.
    pub teacher_id: i64,
    /// `blogger` or `wordpress`.
    pub source: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// `uploaded`, `running`, `done` or `failed`.
    pub state: String,
    /// `pictures` or `writing` while running.
    pub stage: String,
    /// Pictures fetched so far.
    pub pictures_done: i32,
    /// Pictures to fetch.
    pub pictures_total: i32,
    /// What happened, as JSON (see `import::Report`).
    pub report: Option<String>,
    /// Why it failed; none when its instance stopped beating.
    pub error: Option<String>,
    /// The new accounts' password sheet's address token.
    pub sheet_token: Option<String>,
}

const CLEAR_OLD_IMPORTS: &str = "delete from blog_imports where state <> 'running'";
const INSERT_BLOG_IMPORT: &str = "insert into blog_imports \
     (teacher_id, source, file_name, export, state, created_at) \
     values ($1, $2, $3, $4, 'uploaded', $5) returning id";
// No error is written: a failed run without one is one whose instance stopped.
const FAIL_STALE_IMPORTS: &str = "update blog_imports set state = 'failed', stage = '', \
     error = null, finished_at = $2 where state = 'running' and heartbeat_at < $1";
const BLOG_IMPORT: &str = "select id, teacher_id, source, file_name, state, stage, pictures_done, \
     pictures_total, report, error, sheet_token from blog_imports where id = $1";
const BLOG_IMPORT_EXPORT: &str =
    "select export from blog_imports where id = $1 and export is not null";
const ACTIVE_IMPORT: &str = "select id from blog_imports \
     where state in ('uploaded', 'running', 'failed') order by id desc limit 1";
const RUNNING_IMPORT: &str = "select id from blog_imports where state = 'running'";
const START_BLOG_IMPORT: &str = "update blog_imports set state = 'running', stage = '', \
     pictures_done = 0, pictures_total = 0, error = null, heartbeat_at = $2 \
     where id = $1 and state in ('uploaded', 'failed') and export is not null";
const BEAT_BLOG_IMPORT: &str = "update blog_imports set stage = $2, pictures_done = $3, \
     pictures_total = $4, heartbeat_at = $5 where id = $1 and state = 'running'";
const FINISH_BLOG_IMPORT: &str = "update blog_imports set state = 'done', stage = '', \
     export = null, report = $2, sheet_token = $3, finished_at = $4 where id = $1";
const FAIL_BLOG_IMPORT: &str = "update blog_imports set state = 'failed', stage = '', \
     error = $2, finished_at = $3 where id = $1 and state = 'running'";
const CANCEL_BLOG_IMPORT: &str =
    "delete from blog_imports where id = $1 and state in ('uploaded', 'failed')";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    CLEAR_OLD_IMPORTS,
    INSERT_BLOG_IMPORT,
    FAIL_STALE_IMPORTS,
    BLOG_IMPORT,
    BLOG_IMPORT_EXPORT,
    ACTIVE_IMPORT,
    RUNNING_IMPORT,
    START_BLOG_IMPORT,
    BEAT_BLOG_IMPORT,
    FINISH_BLOG_IMPORT,
    FAIL_BLOG_IMPORT,
    CANCEL_BLOG_IMPORT,
];

impl Store {
    /// Keeps an uploaded export for its preview, deleting every earlier upload and
    /// report that is not running (only one import is worked on at a time).
    pub async fn save_uploaded_import(
        &self,
        teacher_id: i64,
        source: &str,
        file_name: &str,
        export: &[u8],
    ) -> Result<i64, sqlx::Error> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(CLEAR_OLD_IMPORTS).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(INSERT_BLOG_IMPORT)
                .bind(teacher_id).bind(source).bind(file_name).bind(export)
                .bind(Timestamp::now())
                .fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The import `id`, a run whose instance stopped beating marked failed first.
    pub async fn blog_import(&self, id: i64) -> Result<Option<BlogImport>, sqlx::Error> {
        self.fail_stale_imports().await?;
        on_db!(&self.db, pool => {
            sqlx::query_as(BLOG_IMPORT).bind(id).fetch_optional(pool).await
        })
    }

    /// The newest import that is not done (uploaded, running or failed), if any.
    pub async fn active_blog_import(&self) -> Result<Option<i64>, sqlx::Error> {
        self.fail_stale_imports().await?;
        on_db!(&self.db, pool => {
            sqlx::query_scalar(ACTIVE_IMPORT).fetch_optional(pool).await
        })
    }

    /// The import running now, if any.
    pub async fn running_blog_import(&self) -> Result<Option<i64>, sqlx::Error> {
        self.fail_stale_imports().await?;
        on_db!(&self.db, pool => {
            sqlx::query_scalar(RUNNING_IMPORT).fetch_optional(pool).await
        })
    }

    /// The uploaded file of import `id`, while it is kept.
    pub async fn blog_import_export(&self, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(BLOG_IMPORT_EXPORT).bind(id).fetch_optional(pool).await
        })
    }

    /// Marks import `id` running, unless it is not waiting (or failed), its file is
    /// gone, or another import is running (the unique index answers for every
    /// instance at once). True when this caller may run it.
    pub async fn start_blog_import(&self, id: i64) -> Result<bool, sqlx::Error> {
        self.fail_stale_imports().await?;
        let started = on_db!(&self.db, pool => {
            sqlx::query(START_BLOG_IMPORT).bind(id).bind(Timestamp::now()).execute(pool).await
                .map(|done| done.rows_affected())
        });
        match started {
            Ok(rows) => Ok(rows == 1),
            Err(error) if is_unique_violation(&error) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Records a running import's stage and that its instance is alive.
    pub async fn beat_blog_import(
        &self,
        id: i64,
        stage: &str,
        pictures: (usize, usize),
    ) -> Result<(), sqlx::Error> {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        on_db!(&self.db, pool => {
            sqlx::query(BEAT_BLOG_IMPORT)
                .bind(id).bind(stage).bind(count(pictures.0)).bind(count(pictures.1))
                .bind(Timestamp::now())
                .execute(pool).await?;
        });
        Ok(())
    }

    /// Keeps a finished import's report and deletes its file.
    pub async fn finish_blog_import(
        &self,
        id: i64,
        report: &str,
        sheet_token: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(FINISH_BLOG_IMPORT)
                .bind(id).bind(report).bind(sheet_token).bind(Timestamp::now())
                .execute(pool).await?;
        });
        Ok(())
    }

    /// Marks a running import failed, keeping its file to start again.
    pub async fn fail_blog_import(&self, id: i64, why: &str) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(FAIL_BLOG_IMPORT).bind(id).bind(why).bind(Timestamp::now())
                .execute(pool).await?;
        });
        Ok(())
    }

    /// Deletes an import that is not running, with its file. True when it was there.
    pub async fn cancel_blog_import(&self, id: i64) -> Result<bool, sqlx::Error> {
        let deleted = on_db!(&self.db, pool => {
            sqlx::query(CANCEL_BLOG_IMPORT).bind(id).execute(pool).await?.rows_affected()
        });
        Ok(deleted == 1)
    }

    async fn fail_stale_imports(&self) -> Result<(), sqlx::Error> {
        let now = Timestamp::now();
        on_db!(&self.db, pool => {
            sqlx::query(FAIL_STALE_IMPORTS)
                .bind(now - STALE_AFTER).bind(now)
                .execute(pool).await?;
        });
        Ok(())
    }
}
