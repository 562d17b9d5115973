//! An import started from Settings: the instance that got the teacher's POST runs it in
//! a task, writing its stage and a heartbeat to `blog_imports` every few seconds so any
//! instance can show the progress. The import's writing is one transaction, so a run
//! whose instance dies imported nothing; the store marks it failed once its heartbeat is
//! older than `STALE_AFTER`, and it can be started again.

use std::time::Duration;

use tokio::sync::watch;

use super::error::ImportError;
use super::model::SourceKind;
use super::pictures::{Fetching, fetch_pictures_counted};
use super::plan::{Plan, plan};
use super::report::Report;
use crate::auth::token;
use crate::db::Timestamp;
use crate::store::{NewSheet, SHEET_LIFETIME, SheetRow, Store};

/// How often a running import tells the database it is alive (and how far it is).
const HEARTBEAT: Duration = Duration::from_secs(3);
/// What a run that stopped beating says: its one transaction never committed.
pub const STOPPED: &str = "The import stopped before it finished (the server running it went \
     away), so nothing was imported. Start it again.";
/// The heading of the new accounts' password sheet.
const SHEET_HEADING: &str = "New accounts from the import";

/// Where a running import is, as the progress page shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Stage {
    /// Reading the file and working out the plan.
    #[default]
    Reading,
    /// Fetching pictures: how many tried, of how many.
    Pictures(usize, usize),
    /// Writing everything in one transaction.
    Writing,
}

impl Stage {
    fn word(self) -> &'static str {
        match self {
            Stage::Reading => "",
            Stage::Pictures(..) => "pictures",
            Stage::Writing => "writing",
        }
    }
}

/// Reads `bytes` as an export of `kind` (on a blocking thread: a file can be 50 MB)
/// and works out what importing it would do now: the preview, and the run's first step.
pub async fn read_and_plan(
    store: &Store,
    kind: SourceKind,
    bytes: Vec<u8>,
) -> Result<Plan, ImportError> {
    let export = tokio::task::spawn_blocking(move || super::formats::read(kind, &bytes))
        .await
        .map_err(|_| ImportError::Busy)??;
    plan(store, export).await
}

/// Starts import `id` for `teacher_id` in a task of this instance, unless it is not
/// waiting or another import is running. True when it started.
pub async fn start(
    store: &Store,
    id: i64,
    teacher_id: i64,
    fetching: Fetching,
) -> Result<bool, sqlx::Error> {
    if !store.start_blog_import(id).await? {
        return Ok(false);
    }
    let store = store.clone();
    tokio::spawn(async move { run(store, id, teacher_id, fetching).await });
    Ok(true)
}

async fn run(store: Store, id: i64, teacher_id: i64, fetching: Fetching) {
    let (stage, watching) = watch::channel(Stage::default());
    let beating = tokio::spawn(heartbeat(store.clone(), id, watching));
    let outcome = work(&store, id, teacher_id, &fetching, &stage).await;
    beating.abort();
    let outcome = match outcome {
        Ok((report, sheet)) => {
            tracing::info!(id, posts = report.posts, "blog import finished");
            Ok((report.to_json(), sheet))
        }
        Err(why) => {
            tracing::warn!(id, %why, "blog import failed");
            Err(failure(&why))
        }
    };
    // A committed import whose report is not written would read as "stopped, nothing
    // imported" once its heartbeat is stale: try a few times before giving up.
    for attempt in 1..=5 {
        let written = match &outcome {
            Ok((report, sheet)) => store.finish_blog_import(id, report, sheet.as_deref()).await,
            Err(why) => store.fail_blog_import(id, why).await,
        };
        match written {
            Ok(()) => return,
            Err(error) => {
                tracing::error!(id, attempt, %error, "the import's outcome could not be written");
                tokio::time::sleep(Duration::from_secs(2 * attempt)).await;
            }
        }
    }
}

/// Writes the stage every `HEARTBEAT`, and at once when it changes; ends when the run
/// drops its side (on a panic too, so a dead run's heartbeat stops).
async fn heartbeat(store: Store, id: i64, mut stage: watch::Receiver<Stage>) {
    loop {
        let now = *stage.borrow_and_update();
        let pictures = match now {
            Stage::Pictures(done, of) => (done, of),
            _ => (0, 0),
        };
        if let Err(error) = store.beat_blog_import(id, now.word(), pictures).await {
            tracing::warn!(id, %error, "the import's heartbeat was not written");
        }
        tokio::select! {
            changed = stage.changed() => if changed.is_err() { return },
            () = tokio::time::sleep(HEARTBEAT) => {}
        }
        // At most a few writes a second while pictures come in.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The import itself; answers the report and the password sheet's token, if any.
async fn work(
    store: &Store,
    id: i64,
    teacher_id: i64,
    fetching: &Fetching,
    stage: &watch::Sender<Stage>,
) -> Result<(Report, Option<String>), ImportError> {
    let import = store.blog_import(id).await?;
    let kind = import.and_then(|import| SourceKind::parse(&import.source));
    let bytes = store.blog_import_export(id).await?;
    let (Some(kind), Some(bytes)) = (kind, bytes) else {
        return Err(ImportError::WrongFormat(
            "the uploaded file is gone".to_owned(),
        ));
    };
    let mut plan = read_and_plan(store, kind, bytes).await?;
    let progress = |done, of| {
        stage.send_replace(Stage::Pictures(done, of));
    };
    let pictures = fetch_pictures_counted(&mut plan, fetching, &progress).await;
    stage.send_replace(Stage::Writing);
    let imported = super::apply::apply(store, plan, pictures).await?;
    let report = Report::of(&imported);
    if imported.accounts.is_empty() {
        return Ok((report, None));
    }
    // The passwords go where Class → Add students puts them: a sheet for this teacher,
    // deleted after an hour. The import's row keeps only the sheet's address.
    let rows: Vec<SheetRow> = imported
        .accounts
        .into_iter()
        .map(|account| SheetRow {
            display_name: account.display_name,
            username: account.username,
            password: account.password,
        })
        .collect();
    let sheet = token::generate();
    store
        .save_sheet(&NewSheet {
            token_hash: &token::digest(&sheet),
            teacher_id,
            heading: SHEET_HEADING,
            expires_at: Timestamp::now() + SHEET_LIFETIME,
            rows: &rows,
        })
        .await?;
    Ok((report, Some(sheet)))
}

/// Why a run failed, for the teacher: the database's own words stay in the log.
fn failure(why: &ImportError) -> String {
    match why {
        ImportError::Database(_) => {
            "The database failed, so nothing was imported. Try again in a minute.".to_owned()
        }
        other => format!("Nothing was imported. {}", other.sentence()),
    }
}
