//! What the Moderation pages show: the filters read from their addresses, and the
//! queue's entries and the log's rows made from the store's answers.

use std::sync::Arc;

use askama::Template;
use serde::Deserialize;

use crate::comments::{CommentState, DiscussionSettings, Flag, LogAction};
use crate::dates::SchoolZone;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::markdown::SafeHtml;
use crate::store::{LogEntry, LogFilter, QueueFilter, QueueItem, QueueView};
use crate::web::kept_queues::DrawnQueue;
use crate::web::layout::Layout;
use crate::web::views::drawn::DrawnHtml;
use crate::web::views::groups::GroupFilter;

/// A comment in the queue as a teacher reads it.
pub(super) struct QueueEntry {
    id: i64,
    author: String,
    author_is_teacher: bool,
    held_for: Option<&'static str>,
    date: String,
    body: SafeHtml,
    state: &'static str,
    flag: Option<String>,
    post_title: String,
    post_path: String,
    parent_excerpt: Option<String>,
}

impl QueueEntry {
    pub(super) fn new(
        item: QueueItem,
        zone: &SchoolZone,
        rules: &DiscussionSettings,
    ) -> QueueEntry {
        let c = &item.comment;
        QueueEntry {
            held_for: c.held_for(rules),
            id: c.id,
            author: c.author_name().to_owned(),
            author_is_teacher: c.by_teacher(),
            date: zone.date_and_time(c.created_at),
            body: c.body_html.clone(),
            state: c.state.label(),
            flag: c.flag.map(|flag| {
                let who = if flag == Flag::Reported {
                    "Reported by a reader"
                } else {
                    "Hidden by the post's author"
                };
                match &c.flag_reason {
                    Some(reason) => format!("{who}: {reason}"),
                    None => who.to_owned(),
                }
            }),
            post_path: format!("/posts/{}", item.post_slug),
            post_title: item.post_title,
            parent_excerpt: item
                .parent_body
                .as_deref()
                .map(|text| crate::posts::markdown::excerpt(text, 25)),
        }
    }
}

/// The queue's comments as every teacher sees them.
#[derive(Template)]
#[template(path = "moderation_queue.html")]
struct QueueList<'a> {
    entries: &'a [QueueEntry],
}

/// Draws `entries` through the escaping template.
pub(super) fn draw_queue(
    entries: &[QueueEntry],
    posts_in_review: i64,
) -> Result<DrawnQueue, AppError> {
    Ok(DrawnQueue {
        list: DrawnHtml::draw(&QueueList { entries })?,
        count: entries.len(),
        posts_in_review,
    })
}

#[derive(Template)]
#[template(path = "moderation.html")]
pub(super) struct ModerationPage {
    pub(super) layout: Layout,
    pub(super) queue: Arc<DrawnQueue>,
    /// The view's value in the address, for the filter's selected option.
    pub(super) state: &'static str,
    /// The post and author filters as typed, so the page's links keep them.
    pub(super) post: String,
    pub(super) author: String,
    pub(super) notice: Option<String>,
    pub(super) error: Option<&'static str>,
    pub(super) group_filter: GroupFilter,
}

impl ModerationPage {
    fn state_is(&self, value: &str) -> bool {
        self.state == value
    }
}

/// The queue's filters, as the address carries them; `done` is how many comments
/// the last decision changed.
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    pub(super) state: String,
    #[serde(default)]
    pub(super) post: String,
    #[serde(default)]
    pub(super) author: String,
    #[serde(default)]
    pub(super) group: String,
    #[serde(default)]
    pub(super) done: String,
}

impl QueueQuery {
    /// The store's filter: an unknown view shows what waits, an unreadable id no filter.
    pub(super) fn filter(&self) -> QueueFilter {
        QueueFilter {
            view: QueueView::parse(&self.state).unwrap_or_default(),
            post_id: self.post.trim().parse().ok(),
            author_id: self.author.trim().parse().ok(),
            group_id: self.group.trim().parse().ok(),
        }
    }

    /// "3 comments updated.", after a decision.
    pub(super) fn notice(&self) -> Option<String> {
        match self.done.parse::<usize>() {
            Ok(1) => Some("1 comment updated.".to_owned()),
            Ok(n) => Some(format!("{n} comments updated.")),
            Err(_) => None,
        }
    }
}

/// A line of the log as a teacher reads it.
pub(super) struct LogRow {
    when: String,
    actor: String,
    action: &'static str,
    change: String,
    note: String,
    comment_id: i64,
    comment_by: String,
    comment_by_teacher: bool,
    post_title: String,
    post_path: String,
}

impl LogRow {
    pub(super) fn new(entry: LogEntry, zone: &SchoolZone) -> LogRow {
        let state = |state: Option<CommentState>| state.map_or("new", CommentState::label);
        LogRow {
            when: zone.date_and_time(entry.created_at),
            actor: entry
                .actor_name
                .unwrap_or_else(|| "quire's rules".to_owned()),
            action: entry.action.map_or("unknown", LogAction::as_str),
            change: format!(
                "{} → {}",
                state(entry.from_state),
                state(Some(entry.to_state))
            ),
            note: entry.note.unwrap_or_default(),
            comment_id: entry.comment_id,
            comment_by_teacher: entry.comment_author_is_teacher,
            comment_by: entry
                .comment_author
                .or(entry.guest_name)
                .unwrap_or_default(),
            post_path: format!("/posts/{}", entry.post_slug),
            post_title: entry.post_title,
        }
    }
}

#[derive(Template)]
#[template(path = "moderation_log.html")]
pub(super) struct LogPage {
    pub(super) layout: Layout,
    pub(super) rows: Vec<LogRow>,
    /// The filters as typed, to show them again.
    pub(super) comment: String,
    pub(super) student: String,
    pub(super) from: String,
    pub(super) until: String,
    /// Everyone who can be picked in the student filter: id and name.
    pub(super) students: Vec<(i64, String)>,
    pub(super) problem: Option<&'static str>,
}

impl LogPage {
    fn student_is(&self, id: &i64) -> bool {
        self.student == id.to_string()
    }
}

/// The log's filters: `YYYY-MM-DD` dates in the school's zone.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    pub(super) comment: String,
    #[serde(default)]
    pub(super) student: String,
    #[serde(default)]
    pub(super) from: String,
    #[serde(default)]
    pub(super) until: String,
}

/// Said when a date filter cannot be read; that filter is left out.
const DATE_PROBLEM: &str = "Write dates as YYYY-MM-DD, for example 2026-11-30.";

impl LogQuery {
    /// The store's filter, and what to tell the teacher about a date it could not read.
    /// `until` takes in the whole day it names.
    pub(super) fn filter(&self, zone: &SchoolZone) -> (LogFilter, Option<&'static str>) {
        let mut problem = None;
        let mut day = |text: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let start = zone.start_of_day(text);
            if start.is_none() {
                problem = Some(DATE_PROBLEM);
            }
            start
        };
        let from = day(&self.from);
        let until = day(&self.until).map(|at: Timestamp| at + time::Duration::days(1));
        let filter = LogFilter {
            comment_id: self.comment.trim().parse().ok(),
            user_id: self.student.trim().parse().ok(),
            from,
            until,
        };
        (filter, problem)
    }
}
