//! The class: a teacher and the students, sharing one known password, and every label
//! a seeded post may carry.

use std::collections::HashMap;

use super::options::PASSWORD;
use super::write::{self, NewSeedUser};
use super::{text, words};
use crate::accounts::{NewPassword, Role, Username};
use crate::auth::password;
use crate::posts::Labels;
use crate::store::Store;

/// The hash of [`PASSWORD`], which every seeded account shares.
pub(super) async fn password_hash() -> anyhow::Result<String> {
    let password = NewPassword::parse(PASSWORD, PASSWORD).map_err(anyhow::Error::msg)?;
    Ok(password::hash(&password).await?)
}

/// The teacher (index 0) and the students; returns ids and usernames in that order.
pub(super) async fn create_class(
    store: &Store,
    students: usize,
) -> anyhow::Result<(Vec<i64>, Vec<String>)> {
    let hash = password_hash().await?;
    let mut names = vec![("Ms. Rivera".to_owned(), Role::Teacher)];
    names.extend((0..students).map(|n| (text::student_name(n), Role::Student)));
    let mut taken: HashMap<String, u32> = HashMap::new();
    let usernames: Vec<String> = names
        .iter()
        .map(|(name, _)| {
            let base = Username::suggest_for(name);
            let seen = taken.entry(base.as_str().to_owned()).or_insert(0);
            *seen += 1;
            match *seen {
                1 => base.as_str().to_owned(),
                n => base.numbered(n).as_str().to_owned(),
            }
        })
        .collect();
    let users: Vec<NewSeedUser<'_>> = names
        .iter()
        .zip(&usernames)
        .map(|((display_name, role), username)| NewSeedUser {
            username,
            display_name,
            role: *role,
            bio: if *role == Role::Teacher {
                "I teach this class."
            } else {
                "I write about what we learn."
            },
        })
        .collect();
    let ids = write::users(store.db(), &users, &hash).await?;
    Ok((ids, usernames))
}

/// Every label a seeded post may carry; returns slug → id.
pub(super) async fn create_labels(store: &Store) -> anyhow::Result<HashMap<String, i64>> {
    let names: Vec<&str> = words::TOPICS
        .iter()
        .map(|t| t.label)
        .chain(words::EXTRA_LABELS.iter().copied())
        .collect();
    let mut labels = Vec::new();
    for name in names {
        let parsed = Labels::parse(name).map_err(anyhow::Error::msg)?;
        labels.extend(parsed.as_slice().iter().cloned());
    }
    let pairs: Vec<(&str, &str)> = labels
        .iter()
        .map(|l| (l.name.as_str(), l.slug.as_str()))
        .collect();
    let ids = write::labels(store.db(), &pairs).await?;
    Ok(labels.iter().map(|l| l.slug.clone()).zip(ids).collect())
}
