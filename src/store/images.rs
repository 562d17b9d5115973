//! Uploaded pictures: the re-encoded bytes of each, at full and small size.

use super::handle::Store;
use crate::db::{Timestamp, on_db};

/// A processed picture to keep.
#[derive(Debug)]
pub struct NewImage<'a> {
    /// The random public id it is served under.
    pub id: &'a str,
    /// Who uploaded it.
    pub uploader_id: i64,
    /// `image/jpeg` or `image/png`, for both sizes.
    pub content_type: &'a str,
    /// Width of the full-size picture, in pixels.
    pub width: u32,
    /// Height of the full-size picture, in pixels.
    pub height: u32,
    /// The full-size picture, encoded.
    pub data: &'a [u8],
    /// Width of the small copy, in pixels.
    pub small_width: u32,
    /// Height of the small copy, in pixels.
    pub small_height: u32,
    /// The small copy, encoded.
    pub small_data: &'a [u8],
    /// The file's name on the uploader's computer, already cleaned.
    pub original_name: &'a str,
}

/// The bytes of one size of a picture, ready to send.
#[derive(Debug)]
pub struct ImageData {
    /// What to send as `Content-Type`.
    pub content_type: String,
    /// The encoded picture.
    pub data: Vec<u8>,
}

/// One of a writer's pictures, for "Your pictures".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnImage {
    /// Its public id (`/media/{id}`).
    pub id: String,
    /// The file's name on the writer's computer, cleaned.
    pub original_name: String,
    /// When it was uploaded.
    pub created_at: Timestamp,
}

pub(super) const INSERT_IMAGE: &str = "insert into images (id, uploader_id, content_type, width, height, \
     data, small_width, small_height, small_data, original_name, created_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
// One statement per size, so serving the small copy never reads the large blob.
const IMAGE_DATA: &str = "select content_type, data from images where id = $1";
const SMALL_IMAGE_DATA: &str = "select content_type, small_data from images where id = $1";

/// Every statement above, for the test that prepares them all on both backends.
const IMAGES_OF: &str = "select id, original_name, created_at from images \
     where uploader_id = $1 order by created_at desc, id limit $2";
const IMAGE_UPLOADER: &str = "select uploader_id from images where id = $1";

pub(super) const STATEMENTS: &[&str] = &[
    INSERT_IMAGE,
    IMAGE_DATA,
    SMALL_IMAGE_DATA,
    IMAGES_OF,
    IMAGE_UPLOADER,
];

/// A pixel count as the `integer` columns hold it (Postgres `int4` wants an `i32`).
pub(super) fn as_column(pixels: u32) -> Result<i32, sqlx::Error> {
    i32::try_from(pixels).map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

impl Store {
    /// A writer's pictures, newest first, at most `limit`.
    pub async fn images_of(&self, user_id: i64, limit: i64) -> Result<Vec<OwnImage>, sqlx::Error> {
        let rows: Vec<(String, String, Timestamp)> = on_db!(&self.db, pool => {
            sqlx::query_as(IMAGES_OF).bind(user_id).bind(limit).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, original_name, created_at)| OwnImage {
                id,
                original_name,
                created_at,
            })
            .collect())
    }

    /// Who uploaded a picture, if it exists.
    pub async fn image_uploader(&self, id: &str) -> Result<Option<i64>, sqlx::Error> {
        let row: Option<(i64,)> = on_db!(&self.db, pool => {
            sqlx::query_as(IMAGE_UPLOADER).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(|(uploader,)| uploader))
    }

    /// Keeps a processed picture.
    pub async fn create_image(&self, new: &NewImage<'_>) -> Result<(), sqlx::Error> {
        let (width, height) = (as_column(new.width)?, as_column(new.height)?);
        let (small_width, small_height) =
            (as_column(new.small_width)?, as_column(new.small_height)?);
        writing_shown!(self, pool => {
            sqlx::query(INSERT_IMAGE)
                .bind(new.id)
                .bind(new.uploader_id)
                .bind(new.content_type)
                .bind(width)
                .bind(height)
                .bind(new.data)
                .bind(small_width)
                .bind(small_height)
                .bind(new.small_data)
                .bind(new.original_name)
                .bind(Timestamp::now())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The full-size picture with this id, or its small copy when `small` is set.
    pub async fn image_data(
        &self,
        id: &str,
        small: bool,
    ) -> Result<Option<ImageData>, sqlx::Error> {
        let sql = if small { SMALL_IMAGE_DATA } else { IMAGE_DATA };
        let row: Option<(String, Vec<u8>)> = on_db!(&self.db, pool => {
            sqlx::query_as(sql).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(|(content_type, data)| ImageData { content_type, data }))
    }
}
