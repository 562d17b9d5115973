//! Carrying out a plan: passwords made for the new accounts, every post and comment
//! rendered, then all of it written in one transaction of the store.

use super::error::ImportError;
use super::model::Skipped;
use super::plan::{Plan, PlannedComment, PlannedPost};
use crate::accounts::{NewPassword, Username};
use crate::dates::SchoolZone;
use crate::posts::markdown::render_comment;
use crate::posts::{Body, PostContent};
use crate::store::{
    ImportAuthor, ImportBatch, ImportComment, ImportPicture, ImportPost, NewImportAccount, Store,
};

/// A student account an import made, with the password to hand over once.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// The author's name.
    pub display_name: String,
    /// What they type to sign in.
    pub username: String,
    /// Their first password.
    pub password: String,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// Posts brought in.
    pub posts: usize,
    /// Comments brought in.
    pub comments: usize,
    /// Posts an earlier import had brought in already.
    pub already_here: usize,
    /// Accounts made for authors, with their passwords.
    pub accounts: Vec<NewAccount>,
    /// What stayed out, and why.
    pub skipped: Vec<Skipped>,
}

/// Writes `plan` (its posts' pictures already fetched into `pictures`, by post) in one
/// transaction.
pub async fn apply(
    store: &Store,
    plan: Plan,
    mut pictures: Vec<Vec<ImportPicture>>,
) -> Result<Imported, ImportError> {
    let zone = SchoolZone::parse(&store.site_settings().await?.time_zone).unwrap_or_default();
    let mut accounts = Vec::new();
    let mut batch_accounts = Vec::new();
    for name in plan.new_authors() {
        let password = NewPassword::generate();
        let hash = crate::auth::password::hash(&password)
            .await
            .map_err(|error| ImportError::Password(error.to_string()))?;
        accounts.push(NewAccount {
            display_name: name.to_owned(),
            username: String::new(),
            password: password.expose().to_owned(),
        });
        batch_accounts.push(NewImportAccount {
            display_name: name.to_owned(),
            username: Username::suggest_for(name),
            password_hash: hash,
        });
    }
    let author_of = |name: &str| -> Option<ImportAuthor> {
        let lower = name.to_lowercase();
        if let Some(id) = plan.accounts.get(&lower) {
            return Some(ImportAuthor::Account(*id));
        }
        accounts
            .iter()
            .position(|a| a.display_name.to_lowercase() == lower)
            .map(ImportAuthor::New)
    };
    let mut posts = Vec::with_capacity(plan.posts.len());
    pictures.resize_with(plan.posts.len(), Vec::new);
    for (post, pictures) in plan.posts.into_iter().zip(pictures) {
        let author = author_of(&post.author).unwrap_or(ImportAuthor::New(0));
        let comments = post
            .comments
            .iter()
            .map(|comment| rendered_comment(comment, &author_of))
            .collect();
        posts.push((post, author, comments, pictures));
    }
    let month_of = move |post: &PlannedPost| zone.month_key(post.published_at);
    let posts: Vec<ImportPost> = tokio::task::spawn_blocking(move || {
        posts
            .into_iter()
            .map(|(post, author, comments, pictures)| {
                let month = month_of(&post);
                rendered_post(post, author, month, comments, pictures)
            })
            .collect::<Result<Vec<_>, ImportError>>()
    })
    .await
    .map_err(|_| ImportError::Busy)??;
    let batch = ImportBatch {
        source: plan.kind.as_str(),
        accounts: &batch_accounts,
        posts: &posts,
    };
    let outcome = store.apply_import(&batch).await?;
    for (account, username) in accounts.iter_mut().zip(outcome.usernames) {
        account.username = username;
    }
    Ok(Imported {
        posts: outcome.posts,
        comments: outcome.comments,
        already_here: plan.already_here,
        accounts,
        skipped: plan.skipped,
    })
}

fn rendered_post(
    post: PlannedPost,
    author: ImportAuthor,
    month: String,
    comments: Vec<ImportComment>,
    pictures: Vec<ImportPicture>,
) -> Result<ImportPost, ImportError> {
    // Checked when planned; pictures fetched since only shortened the addresses.
    let body =
        Body::parse(&post.markdown).map_err(|why| ImportError::WrongFormat(why.to_owned()))?;
    Ok(ImportPost {
        key: post.key,
        addresses: post.addresses,
        slug: post.slug,
        author,
        content: PostContent::new(post.title, body, post.labels),
        published: !post.draft,
        at: post.published_at,
        month,
        comments,
        pictures,
    })
}

fn rendered_comment(
    comment: &PlannedComment,
    author_of: &dyn Fn(&str) -> Option<ImportAuthor>,
) -> ImportComment {
    ImportComment {
        key: comment.key.clone(),
        address: comment.address.clone(),
        parent: comment.parent.clone(),
        author: author_of(comment.author.as_str()),
        guest_name: comment.author.as_str().to_owned(),
        body: comment.body.as_str().to_owned(),
        body_html: render_comment(comment.body.as_str()).as_str().to_owned(),
        body_hash: comment.body.fingerprint(),
        state: comment.state.as_str(),
        at: comment.at,
    }
}
