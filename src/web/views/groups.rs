//! The group filter (`?group=ID`) that Class, Moderation and the review list share.

use crate::error::AppError;
use crate::store::ClassGroup;
use crate::web::state::AppState;

/// The class's groups and the one chosen, for a filter's `<select name="group">`.
#[derive(Clone, Debug, Default)]
pub struct GroupFilter {
    /// Every group: id and name.
    pub groups: Vec<(i64, String)>,
    /// The group whose students are shown; `None` for everyone.
    pub chosen: Option<i64>,
}

impl GroupFilter {
    /// Reads `?group=` (an unknown or unreadable id shows everyone) against the groups.
    pub async fn load(state: &AppState, group: &str) -> Result<GroupFilter, AppError> {
        let groups: Vec<(i64, String)> = state
            .store
            .class_groups()
            .await?
            .into_iter()
            .map(|ClassGroup { id, name, .. }| (id, name))
            .collect();
        let chosen = group
            .trim()
            .parse()
            .ok()
            .filter(|id| groups.iter().any(|(g, _)| g == id));
        Ok(GroupFilter { groups, chosen })
    }

    /// Whether `id` is the chosen group, for the `selected` option.
    pub fn is_chosen(&self, id: &i64) -> bool {
        self.chosen == Some(*id)
    }

    /// The chosen group's id as the address carries it, or empty.
    pub fn value(&self) -> String {
        self.chosen.map(|id| id.to_string()).unwrap_or_default()
    }
}
