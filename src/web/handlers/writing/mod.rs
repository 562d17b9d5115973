//! Writing: the Write and edit pages, a post's actions, its history and the teacher's review.

pub mod actions;
pub mod history;
pub mod review;
pub mod write;
