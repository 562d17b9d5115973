//! Assignments: setting, changing, closing and deleting them, the list everyone signed
//! in sees, and each student's extension.

use sqlx::FromRow;

use super::handle::Store;
use crate::assignments::{Assignment, AssignmentTitle};
use crate::db::{Timestamp, on_db};
use crate::posts::markdown::SafeHtml;

/// What the teacher's form sets.
#[derive(Debug)]
pub struct NewAssignment<'a> {
    /// Its title.
    pub title: &'a AssignmentTitle,
    /// The Markdown as written.
    pub instructions: &'a str,
    /// Rendered and sanitized.
    pub instructions_html: &'a SafeHtml,
    /// The class's due moment.
    pub due_at: Timestamp,
    /// One group, or every student.
    pub group_id: Option<i64>,
    /// Comments on classmates' answers asked for.
    pub comments_required: i64,
    /// Whether classmates may read answers before the due date.
    pub answers_visible_before_due: bool,
}

#[derive(FromRow)]
struct AssignmentRow {
    id: i64,
    title: String,
    instructions: String,
    instructions_html: String,
    due_at: Timestamp,
    group_id: Option<i64>,
    comments_required: i64,
    answers_visible_before_due: bool,
    closed: bool,
}

impl From<AssignmentRow> for Assignment {
    fn from(row: AssignmentRow) -> Assignment {
        Assignment {
            id: row.id,
            title: row.title,
            instructions: row.instructions,
            instructions_html: SafeHtml::from_stored(row.instructions_html),
            due_at: row.due_at,
            group_id: row.group_id,
            comments_required: row.comments_required,
            answers_visible_before_due: row.answers_visible_before_due,
            closed: row.closed,
        }
    }
}

macro_rules! assignment_select {
    () => {
        "select id, title, instructions, instructions_html, due_at, group_id, \
         comments_required, answers_visible_before_due, closed from assignments"
    };
}

const ASSIGNMENT_BY_ID: &str = concat!(assignment_select!(), " where id = $1");
// Open ones first (false sorts before true on both backends), then by due date.
const ASSIGNMENTS_LISTED: &str = concat!(assignment_select!(), " order by closed, due_at, id");
const INSERT_ASSIGNMENT: &str = "insert into assignments (title, instructions, \
     instructions_html, due_at, group_id, comments_required, answers_visible_before_due, \
     closed, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, false, $8, $8) \
     returning id";
const UPDATE_ASSIGNMENT: &str = "update assignments set title = $2, instructions = $3, \
     instructions_html = $4, due_at = $5, group_id = $6, comments_required = $7, \
     answers_visible_before_due = $8, updated_at = $9 where id = $1";
const SET_ASSIGNMENT_CLOSED: &str =
    "update assignments set closed = $2, updated_at = $3 where id = $1";
const DELETE_ASSIGNMENT: &str = "delete from assignments where id = $1";
const UPSERT_EXTENSION: &str = "insert into assignment_extensions (assignment_id, \
     student_id, due_at) values ($1, $2, $3) \
     on conflict (assignment_id, student_id) do update set due_at = excluded.due_at";
const DELETE_EXTENSION: &str =
    "delete from assignment_extensions where assignment_id = $1 and student_id = $2";
const GROUP_OF: &str = "select group_id from users where id = $1";
const EXTENSION_OF: &str = "select due_at from assignment_extensions \
     where assignment_id = $1 and student_id = $2";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    ASSIGNMENT_BY_ID,
    ASSIGNMENTS_LISTED,
    INSERT_ASSIGNMENT,
    UPDATE_ASSIGNMENT,
    SET_ASSIGNMENT_CLOSED,
    DELETE_ASSIGNMENT,
    UPSERT_EXTENSION,
    DELETE_EXTENSION,
    EXTENSION_OF,
    GROUP_OF,
];

/// Binds a form's fields to `$1`…`$7` of INSERT_ASSIGNMENT (`$2`…`$8` of the update).
macro_rules! bind_assignment {
    ($query:expr, $new:expr) => {
        $query
            .bind($new.title.as_str())
            .bind($new.instructions)
            .bind($new.instructions_html.as_str())
            .bind($new.due_at)
            .bind($new.group_id)
            .bind($new.comments_required)
            .bind($new.answers_visible_before_due)
    };
}

impl Store {
    /// The assignment with this id.
    pub async fn assignment_by_id(&self, id: i64) -> Result<Option<Assignment>, sqlx::Error> {
        let row: Option<AssignmentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(ASSIGNMENT_BY_ID).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Assignment::from))
    }

    /// Every assignment: open ones first, each group by due date.
    pub async fn assignments(&self) -> Result<Vec<Assignment>, sqlx::Error> {
        let rows: Vec<AssignmentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(ASSIGNMENTS_LISTED).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Assignment::from).collect())
    }

    /// Sets a new assignment; answers its id.
    pub async fn create_assignment(&self, new: &NewAssignment<'_>) -> Result<i64, sqlx::Error> {
        writing_shown!(self, pool => {
            bind_assignment!(sqlx::query_scalar(INSERT_ASSIGNMENT), new)
                .bind(Timestamp::now())
                .fetch_one(pool)
                .await
        })
    }

    /// Changes an assignment; its answers stay linked.
    pub async fn update_assignment(
        &self,
        id: i64,
        new: &NewAssignment<'_>,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            bind_assignment!(sqlx::query(UPDATE_ASSIGNMENT).bind(id), new)
                .bind(Timestamp::now())
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// Closes an assignment (or opens it again).
    pub async fn set_assignment_closed(&self, id: i64, closed: bool) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(SET_ASSIGNMENT_CLOSED).bind(id).bind(closed).bind(Timestamp::now())
                .execute(pool).await.map(|_| ())
        })
    }

    /// Deletes an assignment and its extensions; its answers stay, as ordinary posts.
    pub async fn delete_assignment(&self, id: i64) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(DELETE_ASSIGNMENT).bind(id).execute(pool).await.map(|_| ())
        })
    }

    /// Gives one student their own due moment (`None` takes it away again).
    pub async fn set_extension(
        &self,
        assignment_id: i64,
        student_id: i64,
        due_at: Option<Timestamp>,
    ) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            match due_at {
                Some(due_at) => sqlx::query(UPSERT_EXTENSION).bind(assignment_id)
                    .bind(student_id).bind(due_at).execute(pool).await?,
                None => sqlx::query(DELETE_EXTENSION).bind(assignment_id).bind(student_id)
                    .execute(pool).await?,
            };
        });
        Ok(())
    }

    /// A student's own due moment for an assignment, if the teacher gave one.
    pub async fn extension_of(
        &self,
        assignment_id: i64,
        student_id: i64,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(EXTENSION_OF).bind(assignment_id).bind(student_id)
                .fetch_optional(pool).await
        })
    }

    /// The group a member is in, if any (which assignments are set for them).
    pub async fn group_of(&self, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
        let group: Option<Option<i64>> = on_db!(&self.db, pool => {
            sqlx::query_scalar(GROUP_OF).bind(user_id).fetch_optional(pool).await?
        });
        Ok(group.flatten())
    }
}
