//! Settings → Import a blog: the teacher uploads a Blogger or WordPress export
//! (`upload`), sees what will come in (`preview`), starts the import and watches it
//! (`progress`). The file, the run's progress and its report are in the database
//! (`store::imports::runs`), so any instance answers every page; the run itself is in
//! `import::run`.

pub mod preview;
pub mod progress;
pub mod upload;

use crate::error::AppError;
use crate::store::BlogImport;
use crate::web::state::AppState;

/// The import at `/settings/import/{id}`, or 404.
async fn blog_import(state: &AppState, id: i64) -> Result<BlogImport, AppError> {
    state.store.blog_import(id).await?.ok_or(AppError::NotFound)
}
