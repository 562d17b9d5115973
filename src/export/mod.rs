//! Copies of the blog for people: the public blog as static pages for the school's
//! archive (`quire export-site DIR`, or a zip from Settings → Backups), and one member's
//! published posts as a zip they keep when they leave ("Download my work").
//!
//! Pages are drawn by the app itself for a reader who is not signed in and sees what a
//! reader of a public blog sees (`Reader`), even on a class-only blog: no drafts, no
//! waiting comments, no forms. Each page is then rewritten for a folder (`rewrite`)
//! and written at once (`output`), so memory holds one page at a time.

mod crawl;
mod error;
mod output;
mod paths;
mod rewrite;
mod stub;

use std::collections::HashSet;

use axum::Router;
use tokio::io::AsyncWrite;

use crate::accounts::User;
use crate::backup::ArchiveWriter;
use crate::store::{Direction, Scope as ListScope, Store};

pub use crawl::{Reader, Summary};
pub use error::ExportError;
pub use output::{Folder, Output, Zip};
pub use paths::Scope;

/// The app, for the download handlers to draw copies through.
#[derive(Clone)]
pub struct Site(pub Router);

/// Writes the copy `scope` describes into a folder.
pub async fn to_folder(
    site: &Router,
    scope: &Scope,
    dir: std::path::PathBuf,
) -> Result<Summary, ExportError> {
    crawl::copy_site(site, scope, &mut Folder(dir)).await
}

/// Writes the copy `scope` describes as a zip to `out`, every file inside `folder`.
pub async fn to_zip<W: AsyncWrite + Unpin + Send>(
    site: &Router,
    scope: &Scope,
    folder: &str,
    out: W,
) -> Result<(W, Summary), ExportError> {
    let mut zip = Zip {
        archive: ArchiveWriter::new(out),
        folder: folder.to_owned(),
    };
    let summary = crawl::copy_site(site, scope, &mut zip).await?;
    Ok((zip.archive.finish().await?, summary))
}

/// The scope of `author`'s portfolio: their author page and their published posts.
pub async fn portfolio_of(store: &Store, author: &User) -> Result<Scope, sqlx::Error> {
    let mut slugs = HashSet::new();
    let mut cursor = None;
    loop {
        let page = store
            .post_page(ListScope::Author(author.id), cursor, 500)
            .await?;
        slugs.extend(page.posts.into_iter().map(|post| post.slug));
        match page.older {
            Some(older) => cursor = Some((Direction::Older, older)),
            None => break,
        }
    }
    Ok(Scope::Portfolio {
        username: author.username.clone(),
        slugs,
    })
}
