//! Accounts.

use sqlx::FromRow;

use super::handle::Store;
use crate::accounts::{Role, User, Username};
use crate::db::{BeginWrite, Timestamp, is_unique_violation, on_db};
use crate::names::skeleton;

/// The comparison form stored with a name (see migration 0020): none for a name with
/// nothing left to compare, which clashes with nobody.
pub(in crate::store) fn name_skeleton(display_name: &str) -> Option<String> {
    Some(skeleton(display_name)).filter(|folded| !folded.is_empty())
}

/// An account to create.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// The name they sign in with.
    pub username: &'a Username,
    /// The name the class sees.
    pub display_name: &'a str,
    /// Teacher or student.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
}

/// A user and their password hash, for signing in.
#[derive(Debug)]
pub struct UserCredentials {
    /// The account.
    pub user: User,
    /// Argon2id PHC string.
    pub password_hash: String,
}

#[derive(FromRow)]
pub(super) struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    active: bool,
    bio: String,
    can_comment: bool,
    created_at: Timestamp,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> User {
        User {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            role: Role::from_stored(&row.role),
            active: row.active,
            bio: row.bio,
            can_comment: row.can_comment,
            created_at: row.created_at,
        }
    }
}

#[derive(FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

const USER_BY_ID: &str = "select id, username, display_name, role, active, bio, can_comment, created_at \
     from users where id = $1";
const USER_BY_USERNAME: &str = "select id, username, display_name, role, active, bio, can_comment, created_at \
     from users where lower(username) = lower($1)";
const CREDENTIALS_BY_USERNAME: &str = "select id, username, display_name, role, active, bio, \
     can_comment, created_at, password_hash from users where lower(username) = lower($1)";
const ALL_USERS: &str = "select id, username, display_name, role, active, bio, can_comment, created_at \
     from users order by role desc, lower(display_name), display_name, id";
pub(in crate::store) const INSERT_USER: &str = "insert into users (username, display_name, role, password_hash, \
     active, bio, created_at, name_skeleton) values ($1, $2, $3, $4, true, '', $5, $6) \
     returning id, username, display_name, role, active, bio, can_comment, created_at";
const TEACHER_EXISTS: &str = "select exists (select 1 from users where role = 'teacher')";
const SET_PASSWORD_HASH: &str = "update users set password_hash = $2 where id = $1";
const SET_ACTIVE: &str = "update users set active = $2 where id = $1";
const DELETE_SESSIONS_OF_USER: &str = "delete from sessions where user_id = $1";
// A name kept as it is keeps its claim, or its lack of one (a look-alike the teacher
// added on purpose must still be able to change their bio).
const UPDATE_PROFILE: &str = "update users set display_name = $2, bio = $3, name_skeleton = \
     case when display_name = $2 then name_skeleton else $4 end where id = $1";
const SET_DISPLAY_NAME: &str = "update users set display_name = $2, name_skeleton = \
     case when display_name = $2 then name_skeleton else $3 end where id = $1";
const SET_CAN_COMMENT: &str = "update users set can_comment = $2 where id = $1";

/// How many numbered variants of a suggested username are tried before giving up.
const USERNAME_ATTEMPTS: u32 = 200;

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    USER_BY_ID,
    USER_BY_USERNAME,
    CREDENTIALS_BY_USERNAME,
    ALL_USERS,
    INSERT_USER,
    TEACHER_EXISTS,
    SET_PASSWORD_HASH,
    SET_ACTIVE,
    DELETE_SESSIONS_OF_USER,
    UPDATE_PROFILE,
    SET_DISPLAY_NAME,
    SET_CAN_COMMENT,
];

impl Store {
    /// The account with this id.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>, sqlx::Error> {
        let row: Option<UserRow> = on_db!(&self.db, pool => {
            sqlx::query_as(USER_BY_ID).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(User::from))
    }

    /// The account with this username, ignoring case.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, sqlx::Error> {
        let row: Option<UserRow> = on_db!(&self.db, pool => {
            sqlx::query_as(USER_BY_USERNAME).bind(username).fetch_optional(pool).await?
        });
        Ok(row.map(User::from))
    }

    /// The account with this username and its password hash, for signing in.
    pub async fn credentials_by_username(
        &self,
        username: &str,
    ) -> Result<Option<UserCredentials>, sqlx::Error> {
        let row: Option<CredentialsRow> = on_db!(&self.db, pool => {
            sqlx::query_as(CREDENTIALS_BY_USERNAME).bind(username).fetch_optional(pool).await?
        });
        Ok(row.map(|row| UserCredentials {
            user: row.user.into(),
            password_hash: row.password_hash,
        }))
    }

    /// Every account: teachers first, then students by name.
    pub async fn all_users(&self) -> Result<Vec<User>, sqlx::Error> {
        let rows: Vec<UserRow> = on_db!(&self.db, pool => {
            sqlx::query_as(ALL_USERS).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// Creates an account; a taken username, or a name that looks like a member's, comes
    /// back as a unique violation.
    pub async fn create_user(&self, new: &NewUser<'_>) -> Result<User, sqlx::Error> {
        self.insert_user(new, name_skeleton(new.display_name)).await
    }

    async fn insert_user(
        &self,
        new: &NewUser<'_>,
        skeleton: Option<String>,
    ) -> Result<User, sqlx::Error> {
        let row: UserRow = writing_shown!(self, pool => {
            sqlx::query_as(INSERT_USER)
                .bind(new.username.as_str())
                .bind(new.display_name)
                .bind(new.role.as_str())
                .bind(new.password_hash)
                .bind(Timestamp::now())
                .bind(&skeleton)
                .fetch_one(pool)
                .await
        })?;
        Ok(row.into())
    }

    /// Creates an account under `username`, or `username2`, `username3`… if it is taken.
    /// A name that looks like a member's was ticked on purpose in the add-students preview
    /// (two real Emma Johnsons): that account is made without claiming the name.
    pub async fn create_user_numbering_username(
        &self,
        new: &NewUser<'_>,
    ) -> Result<User, sqlx::Error> {
        let mut candidate = new.username.clone();
        let mut skeleton = name_skeleton(new.display_name);
        for n in 2..USERNAME_ATTEMPTS {
            let attempt = NewUser {
                username: &candidate,
                ..*new
            };
            match self.insert_user(&attempt, skeleton.clone()).await {
                Err(e) if is_unique_violation(&e) => {
                    if self.user_by_username(candidate.as_str()).await?.is_some() {
                        candidate = new.username.numbered(n);
                    } else {
                        skeleton = None;
                    }
                }
                other => return other,
            }
        }
        let last = NewUser {
            username: &candidate,
            ..*new
        };
        self.insert_user(&last, skeleton).await
    }

    /// Whether set-up is done: some teacher account exists.
    pub async fn teacher_exists(&self) -> Result<bool, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_scalar(TEACHER_EXISTS).fetch_one(pool).await)
    }

    /// Replaces a password and signs the account out everywhere, in one transaction.
    pub async fn reset_password_hash(&self, user_id: i64, hash: &str) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(SET_PASSWORD_HASH).bind(user_id).bind(hash).execute(&mut *tx).await?;
            sqlx::query(DELETE_SESSIONS_OF_USER).bind(user_id).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Replaces a password, keeping the caller's sessions (they just proved who they are).
    pub async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(SET_PASSWORD_HASH).bind(user_id).bind(hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Deactivates (signing the account out everywhere) or reactivates an account.
    pub async fn set_user_active(&self, user_id: i64, active: bool) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(SET_ACTIVE).bind(user_id).bind(active).execute(&mut *tx).await?;
            if !active {
                sqlx::query(DELETE_SESSIONS_OF_USER).bind(user_id).execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// Saves a display name and bio; a name that looks like another member's (claimed by
    /// a concurrent request after the caller's check) comes back as a unique violation.
    pub async fn update_profile(
        &self,
        user_id: i64,
        display_name: &str,
        bio: &str,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(UPDATE_PROFILE)
                .bind(user_id)
                .bind(display_name)
                .bind(bio)
                .bind(name_skeleton(display_name))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Renames someone: every page with their name changes. A name that looks like
    /// another member's comes back as a unique violation (migration 0020), so two
    /// requests that both passed the caller's check cannot both win.
    pub async fn set_display_name(&self, user_id: i64, name: &str) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(SET_DISPLAY_NAME)
                .bind(user_id)
                .bind(name)
                .bind(name_skeleton(name))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Lets a student comment, or stops them (they still read and write posts).
    pub async fn set_can_comment(&self, user_id: i64, allowed: bool) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(SET_CAN_COMMENT).bind(user_id).bind(allowed).execute(pool).await?;
            Ok(())
        })
    }
}
