//! What readers see: the home page, a post, lists of posts (an author's, a label's, a
//! month's), the archive, search, the video player, and an imported blog's old addresses.

pub mod archive;
pub mod embed;
pub mod home;
pub mod lists;
pub mod old_address;
pub mod post;
pub mod search;

use serde::Deserialize;

use crate::error::AppError;
use crate::store::{Cursor, Direction};

/// `?before=` / `?after=` of a paginated list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    before: Option<String>,
    after: Option<String>,
    /// WordPress's `/?p=12`: an imported post's old address.
    p: Option<String>,
}

impl PageQuery {
    /// Where the page starts, if the address says; a garbled cursor is a bad request.
    pub fn cursor(&self) -> Result<Option<(Direction, Cursor)>, AppError> {
        let parse = |text: &str| {
            Cursor::parse(text).ok_or(AppError::BadRequest("That page address is not right."))
        };
        match (&self.before, &self.after) {
            (Some(before), _) => Ok(Some((Direction::Older, parse(before)?))),
            (None, Some(after)) => Ok(Some((Direction::Newer, parse(after)?))),
            (None, None) => Ok(None),
        }
    }
}
