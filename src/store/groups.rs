//! Groups of the class ("Period 5", "2026–27"): a student is in at most one.

use super::handle::Store;
use super::kept_groups::ClassGroup;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::roster::GroupName;

const GROUPS: &str = "select g.id, g.name, \
     (select count(*) from users u where u.group_id = g.id) as members, \
     (select count(*) from users u where u.group_id = g.id and u.active = true) as active_members \
     from class_groups g order by lower(g.name), g.name, g.id";
const INSERT_GROUP: &str = "insert into class_groups (name, created_at) values ($1, $2)";
const RENAME_GROUP: &str = "update class_groups set name = $2 where id = $1";
const DELETE_GROUP: &str = "delete from class_groups where id = $1";
const DEACTIVATE_GROUP: &str = "update users set active = false \
     where group_id = $1 and role = 'student'";
const END_GROUP_SESSIONS: &str = "delete from sessions where user_id in \
     (select id from users where group_id = $1 and role = 'student')";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    GROUPS,
    INSERT_GROUP,
    RENAME_GROUP,
    DELETE_GROUP,
    DEACTIVATE_GROUP,
    END_GROUP_SESSIONS,
];

impl Store {
    /// Every group, by name: from memory while nothing members see has changed (the
    /// teacher's queue asks on every request, for its filter).
    pub async fn class_groups(&self) -> Result<Vec<ClassGroup>, sqlx::Error> {
        // Read before the statement: the groups are at worst read again, never kept long.
        let generation = self.members_version();
        if let Some(now) = generation
            && let Some(groups) = self.kept_groups.get(now)
        {
            return Ok(groups);
        }
        let groups: Vec<ClassGroup> =
            on_db!(&self.db, pool => sqlx::query_as(GROUPS).fetch_all(pool).await?);
        if let Some(read) = generation {
            self.kept_groups.keep(read, &groups);
        }
        Ok(groups)
    }

    /// Makes a group; a name already used (ignoring case) is a unique violation.
    pub async fn create_group(&self, name: &GroupName) -> Result<(), sqlx::Error> {
        writing_members!(self, pool => {
            sqlx::query(INSERT_GROUP).bind(name.as_str()).bind(Timestamp::now())
                .execute(pool).await?;
            Ok(())
        })
    }

    /// Renames a group; a name already used is a unique violation.
    pub async fn rename_group(&self, id: i64, name: &GroupName) -> Result<(), sqlx::Error> {
        writing_members!(self, pool => {
            sqlx::query(RENAME_GROUP).bind(id).bind(name.as_str()).execute(pool).await?;
            Ok(())
        })
    }

    /// Deletes a group; its students stay, in no group.
    pub async fn delete_group(&self, id: i64) -> Result<(), sqlx::Error> {
        writing_members!(self, pool => {
            sqlx::query(DELETE_GROUP).bind(id).execute(pool).await?;
            Ok(())
        })
    }

    /// Switches off every student of a group and signs them out: the end of a school
    /// year. Their posts and comments stay readable.
    pub async fn deactivate_group(&self, id: i64) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(DEACTIVATE_GROUP).bind(id).execute(&mut *tx).await?;
            sqlx::query(END_GROUP_SESSIONS).bind(id).execute(&mut *tx).await?;
            tx.commit().await
        })
    }
}
