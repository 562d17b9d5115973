//! Where a student stands on an assignment: their answer's state, the comments they left
//! on classmates' answers (and which ones count), whether they may read classmates'
//! answers yet, and the one answer each student gives.

use super::deadline::{Lateness, lateness};
use crate::db::Timestamp;
use crate::posts::PostStatus;

/// A student's answer, as the teacher's table shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerState {
    /// No post linked (or the linked one is in the trash).
    Missing,
    /// Linked, not yet submitted or published.
    Draft,
    /// Submitted, waiting for a teacher.
    Review,
    /// On the site, late or not.
    Published(Option<Lateness>),
}

impl AnswerState {
    /// The state of a linked post (`None` when there is none), judged against the
    /// student's own due moment.
    pub fn of(post: Option<(PostStatus, Option<Timestamp>, bool)>, due: Timestamp) -> AnswerState {
        match post {
            None | Some((_, _, true)) => AnswerState::Missing,
            Some((PostStatus::Draft, ..)) => AnswerState::Draft,
            Some((PostStatus::Review, ..)) => AnswerState::Review,
            Some((PostStatus::Published, published_at, false)) => {
                AnswerState::Published(published_at.and_then(|at| lateness(at, due)))
            }
        }
    }

    /// "missing", "draft", "waiting for review", "published".
    pub fn label(self) -> &'static str {
        match self {
            AnswerState::Missing => "missing",
            AnswerState::Draft => "draft",
            AnswerState::Review => "waiting for review",
            AnswerState::Published(_) => "published",
        }
    }

    /// "late by 3 h", when published late.
    pub fn late(self) -> Option<String> {
        match self {
            AnswerState::Published(Some(late)) => Some(late.to_string()),
            _ => None,
        }
    }

    /// Orders the table by how far along a student is: missing first, then the latest.
    pub fn rank(self) -> (u8, i64) {
        match self {
            AnswerState::Missing => (0, 0),
            AnswerState::Draft => (1, 0),
            AnswerState::Review => (2, 0),
            AnswerState::Published(late) => (3, -late.map_or(0, Lateness::minutes)),
        }
    }
}

/// Whether a comment counts toward its author's "comments on classmates' answers": it
/// is approved, it is on a published answer (not in the trash) to the same assignment,
/// and that answer is someone else's. The store's count is this rule written as SQL;
/// the tests of both are the proof they agree.
pub fn counts_toward(
    commenter: i64,
    comment_approved: bool,
    answer_author: i64,
    answer_live: bool,
) -> bool {
    comment_approved && answer_live && commenter != answer_author
}

/// Comments left against comments asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentProgress {
    /// Counted comments (see [`counts_toward`]).
    pub left: i64,
    /// Asked for by the assignment (0 = none).
    pub required: i64,
}

impl CommentProgress {
    /// Whether enough were left.
    pub fn done(self) -> bool {
        self.left >= self.required
    }

    /// "1 of 2", or just "3" when none were asked for.
    pub fn short(self) -> String {
        if self.required == 0 {
            self.left.to_string()
        } else {
            format!("{} of {}", self.left, self.required)
        }
    }

    /// "Comments: 1 of 2 — comment on one more classmate's answer", for the student.
    pub fn sentence(self) -> Option<String> {
        if self.required == 0 {
            return None;
        }
        let missing = self.required - self.left;
        let next = match missing {
            ..=0 => "done".to_owned(),
            1 => "comment on one more classmate's answer".to_owned(),
            n => format!("comment on {} more classmates' answers", number_word(n)),
        };
        Some(format!("Comments: {} — {next}", self.short()))
    }
}

fn number_word(n: i64) -> String {
    const WORDS: [&str; 9] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    usize::try_from(n - 2)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// Whether a viewer may read classmates' answers: teachers always; a student once
/// their own due moment has passed, or before it when the teacher allowed that.
pub fn answers_visible(
    is_teacher: bool,
    visible_before_due: bool,
    own_due: Timestamp,
    now: Timestamp,
) -> bool {
    is_teacher || visible_before_due || now >= own_due
}

/// Why a post may not be linked as an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    /// The student already answers it with another post (its title).
    AlreadyAnswered(String),
    /// The assignment is set for another group.
    NotSetForYou,
}

impl LinkRefusal {
    /// The message beside the field.
    pub fn message(&self) -> String {
        match self {
            LinkRefusal::AlreadyAnswered(title) => format!(
                "You already answer this assignment with “{title}”. Each student gives one \
                 answer: unlink that post first, or choose another assignment."
            ),
            LinkRefusal::NotSetForYou => "This assignment is set for another group.".to_owned(),
        }
    }
}

/// Whether a student may link post `this_post` (`None` for a post not saved yet) to an
/// assignment they answer already with `existing` (its id and title), if set for them.
pub fn check_link(
    set_for_student: bool,
    existing: Option<(i64, &str)>,
    this_post: Option<i64>,
) -> Result<(), LinkRefusal> {
    if !set_for_student {
        return Err(LinkRefusal::NotSetForYou);
    }
    match existing {
        Some((id, title)) if Some(id) != this_post => {
            Err(LinkRefusal::AlreadyAnswered(title.to_owned()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    fn due() -> Timestamp {
        Timestamp::parse("2026-12-04T14:00:00.000Z").unwrap_or_else(Timestamp::now)
    }

    #[test]
    fn answer_states_follow_the_post() {
        let due = due();
        let on_time = Some(due - Duration::hours(1));
        let late = Some(due + Duration::hours(3));
        assert_eq!(AnswerState::of(None, due), AnswerState::Missing);
        assert_eq!(
            AnswerState::of(Some((PostStatus::Draft, None, false)), due),
            AnswerState::Draft
        );
        assert_eq!(
            AnswerState::of(Some((PostStatus::Review, None, false)), due).label(),
            "waiting for review"
        );
        let published = AnswerState::of(Some((PostStatus::Published, on_time, false)), due);
        assert_eq!((published.label(), published.late()), ("published", None));
        let late = AnswerState::of(Some((PostStatus::Published, late, false)), due);
        assert_eq!(late.late().as_deref(), Some("late by 3 h"));
        // A post in the trash is no answer.
        assert_eq!(
            AnswerState::of(Some((PostStatus::Published, on_time, true)), due),
            AnswerState::Missing
        );
    }

    #[test]
    fn the_table_sorts_missing_first_and_late_before_on_time() {
        let due = due();
        let mut states = [
            AnswerState::of(Some((PostStatus::Published, Some(due), false)), due),
            AnswerState::of(
                Some((PostStatus::Published, Some(due + Duration::hours(5)), false)),
                due,
            ),
            AnswerState::Missing,
            AnswerState::Draft,
        ];
        states.sort_by_key(|s| s.rank());
        assert_eq!(states[0], AnswerState::Missing);
        assert_eq!(states[1], AnswerState::Draft);
        assert!(states[2].late().is_some());
    }

    #[test]
    fn only_approved_comments_on_classmates_live_answers_count() {
        let (ana, ben) = (1, 2);
        assert!(counts_toward(ana, true, ben, true));
        assert!(
            !counts_toward(ana, false, ben, true),
            "pending, rejected or deleted"
        );
        assert!(!counts_toward(ana, true, ana, true), "on her own answer");
        assert!(
            !counts_toward(ana, true, ben, false),
            "on an unpublished answer"
        );
    }

    #[test]
    fn progress_says_what_is_left_to_do() {
        let progress = |left, required| CommentProgress { left, required }.sentence();
        assert_eq!(
            progress(1, 2).as_deref(),
            Some("Comments: 1 of 2 — comment on one more classmate's answer")
        );
        assert_eq!(
            progress(0, 3).as_deref(),
            Some("Comments: 0 of 3 — comment on three more classmates' answers")
        );
        assert_eq!(progress(3, 2).as_deref(), Some("Comments: 3 of 2 — done"));
        assert_eq!(progress(4, 0), None);
        assert_eq!(
            CommentProgress {
                left: 4,
                required: 0
            }
            .short(),
            "4"
        );
    }

    #[test]
    fn classmates_answers_wait_for_the_due_date_unless_allowed() {
        let due = due();
        let before = due - Duration::minutes(1);
        assert!(!answers_visible(false, false, due, before));
        assert!(answers_visible(false, false, due, due));
        assert!(answers_visible(false, true, due, before));
        assert!(answers_visible(true, false, due, before));
        // A student with an extension waits for their own due date.
        let extended = due + Duration::days(2);
        assert!(!answers_visible(
            false,
            false,
            extended,
            due + Duration::days(1)
        ));
    }

    #[test]
    fn a_student_gives_one_answer_per_assignment() {
        assert_eq!(check_link(true, None, None), Ok(()));
        assert_eq!(check_link(true, Some((7, "Mine")), Some(7)), Ok(()));
        let refused = check_link(true, Some((7, "Mine")), Some(8));
        assert_eq!(
            refused,
            Err(LinkRefusal::AlreadyAnswered("Mine".to_owned()))
        );
        assert!(check_link(true, Some((7, "Mine")), None).is_err());
        assert_eq!(
            check_link(false, None, None),
            Err(LinkRefusal::NotSetForYou)
        );
    }
}
