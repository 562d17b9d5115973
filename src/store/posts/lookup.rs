//! Finding posts in any state: by id, by address (and by an address it used to have),
//! and the lists an author's desk, the review queue and the trash show.

use super::rows::PostRow;
use crate::db::on_db;
use crate::posts::Post;
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};

const POST_BY_ID: &str = concat!(post_select!(), " where p.id = $1");
pub(in crate::store) const POST_BY_SLUG: &str = concat!(post_select!(), " where p.slug = $1");
pub(in crate::store) const POST_BY_SLUG_HOT: HotStatement = HotStatement {
    purpose: "post page: the post",
    sql: POST_BY_SLUG,
    sample: &[Sample::PostSlug],
};
const SLUG_OF_OLD_SLUG: &str =
    "select p.slug from post_slugs s join posts p on p.id = s.post_id where s.slug = $1";
const POSTS_OF_AUTHOR_FOR_EDITING: &str = concat!(
    post_select!(),
    " where p.author_id = $1 and p.trashed_at is null order by p.updated_at desc, p.id desc"
);
const POSTS_IN_REVIEW: &str = concat!(
    post_select!(),
    " where p.status = 'review' and p.trashed_at is null and (u.group_id = $1 or $1 is null) \
     order by p.updated_at, p.id"
);
const POSTS_IN_REVIEW_COUNT: &str =
    "select count(*) from posts where status = 'review' and trashed_at is null";
const TRASH_OF_AUTHOR: &str = concat!(
    post_select!(),
    " where p.author_id = $1 and p.trashed_at is not null order by p.trashed_at desc"
);
const ALL_TRASH: &str = concat!(
    post_select!(),
    " where p.trashed_at is not null order by p.trashed_at desc"
);

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    POST_BY_ID,
    POST_BY_SLUG,
    SLUG_OF_OLD_SLUG,
    POSTS_OF_AUTHOR_FOR_EDITING,
    POSTS_IN_REVIEW,
    POSTS_IN_REVIEW_COUNT,
    TRASH_OF_AUTHOR,
    ALL_TRASH,
];

impl Store {
    /// The post with this id, in any state: from memory while nothing a reader sees has
    /// changed (every comment sent asks for its post).
    pub async fn post_by_id(&self, id: i64) -> Result<Option<Post>, sqlx::Error> {
        // Read before the statement: a post is at worst read again, never kept long.
        let generation = self.content_version();
        if let Some(post) = generation.and_then(|now| self.kept_posts.get(id, now)) {
            return Ok(Some(post));
        }
        let row: Option<PostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(POST_BY_ID).bind(id).fetch_optional(pool).await?
        });
        let post = row.map(Post::from);
        if let (Some(read), Some(post)) = (generation, &post) {
            self.kept_posts.keep(read, post);
        }
        Ok(post)
    }

    /// The post at this address, in any state.
    pub async fn post_by_slug(&self, slug: &str) -> Result<Option<Post>, sqlx::Error> {
        let row: Option<PostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(POST_BY_SLUG).bind(slug).fetch_optional(pool).await?
        });
        Ok(row.map(Post::from))
    }

    /// The current slug of a post that used to answer at `old_slug`.
    pub async fn slug_for_old_slug(&self, old_slug: &str) -> Result<Option<String>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(SLUG_OF_OLD_SLUG).bind(old_slug).fetch_optional(pool).await
        })
    }

    /// An author's posts that are not in the trash, most recently saved first.
    pub async fn posts_of_author_for_editing(
        &self,
        author_id: i64,
    ) -> Result<Vec<Post>, sqlx::Error> {
        self.posts_where(POSTS_OF_AUTHOR_FOR_EDITING, Some(author_id))
            .await
    }

    /// Posts waiting for a teacher, oldest first: all, or those by one group's students.
    pub async fn posts_in_review(&self, group: Option<i64>) -> Result<Vec<Post>, sqlx::Error> {
        let rows: Vec<PostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(POSTS_IN_REVIEW).bind(group).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Post::from).collect())
    }

    /// How many posts wait for a teacher's review (the Moderation page's link).
    pub async fn posts_in_review_count(&self) -> Result<i64, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(POSTS_IN_REVIEW_COUNT).fetch_one(pool).await
        })
    }

    /// The trash: one author's, or everyone's for a teacher (`None`).
    pub async fn trashed_posts(&self, author_id: Option<i64>) -> Result<Vec<Post>, sqlx::Error> {
        match author_id {
            Some(id) => self.posts_where(TRASH_OF_AUTHOR, Some(id)).await,
            None => self.posts_where(ALL_TRASH, None).await,
        }
    }

    async fn posts_where(
        &self,
        statement: &'static str,
        id: Option<i64>,
    ) -> Result<Vec<Post>, sqlx::Error> {
        let rows: Vec<PostRow> = on_db!(&self.db, pool => {
            let query = sqlx::query_as(statement);
            let query = match id { Some(id) => query.bind(id), None => query };
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Post::from).collect())
    }
}
