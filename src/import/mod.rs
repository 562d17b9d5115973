//! Importing a class blog from Blogger or WordPress.
//!
//! The way through, top to bottom: `xml` reads the file into a tree (refusing hostile
//! files), `blogger` and `wordpress` read their format into one `model`, `plan` turns
//! it into quire's posts and comments and says what is new, already here or skipped
//! (the preview), `pictures` fetches the posts' pictures (`addresses` keeps the web
//! import to public addresses), and `apply` makes the accounts and writes everything in one
//! transaction of the store, so an import is all or nothing and a second import of
//! the same file adds nothing. `run` carries out an import started from Settings in a
//! task, its progress in the database; `report` is what it keeps of the outcome.

mod addresses;
mod apply;
mod blogger;
mod error;
mod formats;
mod model;
mod pictures;
mod plan;
mod report;
mod run;
mod source_text;
mod wordpress;
mod xml;

pub use apply::{Imported, NewAccount, apply};
pub use error::ImportError;
pub use formats::read;
pub use model::{Export, Skipped, SourceKind};
pub use pictures::{Fetching, fetch_pictures, fetch_pictures_counted, picture_count};
pub use plan::{Plan, PlannedPost, plan};
pub use report::Report;
pub use run::{STOPPED, read_and_plan, start};
pub use source_text::address_keys;
pub use xml::MAX_EXPORT_BYTES;

/// Reads, plans, fetches the pictures of and applies the export at `path`: the command
/// line's import. The size is checked before the file is read.
pub async fn import_file(
    store: &crate::store::Store,
    kind: SourceKind,
    path: &std::path::Path,
    fetching: &Fetching,
) -> anyhow::Result<Imported> {
    use anyhow::Context;
    let size = tokio::fs::metadata(path)
        .await
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_EXPORT_BYTES as u64 {
        return Err(ImportError::TooLarge.into());
    }
    let bytes = tokio::fs::read(path)
        .await
        .with_context(|| format!("cannot read {}", path.display()))?;
    let export = read(kind, &bytes)?;
    let mut plan = plan(store, export).await?;
    let pictures = fetch_pictures(&mut plan, fetching).await;
    Ok(apply(store, plan, pictures).await?)
}

/// What an import did, in lines for a person: counts, new accounts with their
/// passwords (shown this once), and what stayed out.
pub fn report(imported: &Imported) -> String {
    let mut out = format!(
        "Imported {} posts and {} comments.\n",
        imported.posts, imported.comments
    );
    if imported.already_here > 0 {
        out.push_str(&format!(
            "{} posts were already imported and were left as they are.\n",
            imported.already_here
        ));
    }
    if !imported.accounts.is_empty() {
        out.push_str(
            "\nNew student accounts (hand each their slip; the passwords are not shown again):\n",
        );
        for account in &imported.accounts {
            out.push_str(&format!(
                "  {}\tusername: {}\tpassword: {}\n",
                account.display_name, account.username, account.password
            ));
        }
    }
    if !imported.skipped.is_empty() {
        out.push_str("\nNot imported:\n");
        for skipped in &imported.skipped {
            out.push_str(&format!("  {}: {}\n", skipped.what, skipped.why));
        }
    }
    out
}
