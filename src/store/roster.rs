//! The class as its Class page shows it: each member with the counts of their work,
//! when they last signed in, and the changes a teacher makes to many at once.

use sqlx::FromRow;

use super::handle::Store;
use super::users::UserRow;
use crate::accounts::User;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::roster::Removal;

/// A class member with what the Class page says about them.
#[derive(Clone, Debug)]
pub struct ClassMember {
    /// The account.
    pub user: User,
    /// Their group, if any.
    pub group_id: Option<i64>,
    /// When they last signed in.
    pub last_sign_in_at: Option<Timestamp>,
    /// Published posts not in the trash.
    pub published_posts: i64,
    /// Approved comments.
    pub comments: i64,
    /// Comments and posts waiting for a teacher.
    pub waiting: i64,
}

#[derive(FromRow)]
struct MemberRow {
    #[sqlx(flatten)]
    user: UserRow,
    group_id: Option<i64>,
    last_sign_in_at: Option<Timestamp>,
    published_posts: i64,
    comments: i64,
    waiting: i64,
}

// The counts read `posts_author` and `comments_author`, one short range per member.
const CLASS_MEMBERS: &str = "select u.id, u.username, u.display_name, u.role, u.active, u.bio, \
     u.can_comment, u.created_at, u.group_id, u.last_sign_in_at, \
     (select count(*) from posts p where p.author_id = u.id and p.status = 'published' \
      and p.trashed_at is null) as published_posts, \
     (select count(*) from comments c where c.author_id = u.id and c.state = 'approved') as comments, \
     (select count(*) from comments c where c.author_id = u.id and c.state = 'pending') \
     + (select count(*) from posts p where p.author_id = u.id and p.status = 'review' \
      and p.trashed_at is null) as waiting \
     from users u where u.removed_at is null \
     and (u.role = 'teacher' or u.group_id = $1 or $1 is null) \
     order by u.role desc, lower(u.display_name), u.display_name, u.id";
const RECORD_SIGN_IN: &str = "update users set last_sign_in_at = $2 where id = $1";
const SET_GROUP: &str = "update users set group_id = $2 where id = $1 and role = 'student'";
const DELETE_SESSIONS: &str = "delete from sessions where user_id = $1";
const DELETE_COMMENTS_OF: &str = "delete from comments where author_id = $1";
const DELETE_POSTS_OF: &str = "delete from posts where author_id = $1";
const DELETE_IMAGES_OF: &str = "delete from images where uploader_id = $1";
// Deleting comments also deletes the replies to them, whoever wrote those: count again.
const RECOUNT_COMMENTS: &str = "update posts set comment_count = (select count(*) from comments c \
     where c.post_id = posts.id and c.state = 'approved') where comment_count <> (select count(*) \
     from comments c where c.post_id = posts.id and c.state = 'approved')";
// What stays of a removed student: a row their kept work points at, no name, no way in.
const MARK_REMOVED: &str = "update users set display_name = 'Former student', \
     name_skeleton = null, username = 'former-' || id, bio = '', active = false, can_comment = false, \
     group_id = null, password_hash = '!', removed_at = $2 where id = $1 and role = 'student'";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    CLASS_MEMBERS,
    RECORD_SIGN_IN,
    SET_GROUP,
    DELETE_SESSIONS,
    DELETE_COMMENTS_OF,
    DELETE_POSTS_OF,
    DELETE_IMAGES_OF,
    RECOUNT_COMMENTS,
    MARK_REMOVED,
];

impl Store {
    /// Teachers, then students (only those of `group` when given), by name; never
    /// removed accounts.
    pub async fn class_members(&self, group: Option<i64>) -> Result<Vec<ClassMember>, sqlx::Error> {
        let rows: Vec<MemberRow> = on_db!(&self.db, pool => {
            sqlx::query_as(CLASS_MEMBERS).bind(group).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|row| ClassMember {
                user: row.user.into(),
                group_id: row.group_id,
                last_sign_in_at: row.last_sign_in_at,
                published_posts: row.published_posts,
                comments: row.comments,
                waiting: row.waiting,
            })
            .collect())
    }

    /// Notes a successful sign-in, for the Class page.
    pub async fn record_sign_in(&self, user_id: i64, at: Timestamp) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(RECORD_SIGN_IN).bind(user_id).bind(at).execute(pool).await?;
        });
        Ok(())
    }

    /// Puts students in a group, or in none; teachers are left alone.
    pub async fn move_to_group(
        &self,
        user_ids: &[i64],
        group: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for id in user_ids {
                sqlx::query(SET_GROUP).bind(id).bind(group).execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// Removes a student for good: signed out, renamed "Former student", never to sign in
    /// again; their posts, comments and pictures deleted too when the teacher chose so.
    pub async fn remove_student(&self, user_id: i64, removal: Removal) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if removal == Removal::DeleteWork {
                sqlx::query(DELETE_COMMENTS_OF).bind(user_id).execute(&mut *tx).await?;
                sqlx::query(DELETE_POSTS_OF).bind(user_id).execute(&mut *tx).await?;
                sqlx::query(DELETE_IMAGES_OF).bind(user_id).execute(&mut *tx).await?;
                sqlx::query(RECOUNT_COMMENTS).execute(&mut *tx).await?;
            }
            sqlx::query(MARK_REMOVED).bind(user_id).bind(Timestamp::now()).execute(&mut *tx).await?;
            sqlx::query(DELETE_SESSIONS).bind(user_id).execute(&mut *tx).await?;
            tx.commit().await
        })
    }
}
