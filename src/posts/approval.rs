//! The approval rule for every change to a post: what status the change leaves it in.
//! With "posts need approval" on, nothing a student changes reaches readers before a
//! teacher has seen it, whichever way the change comes (the edit form, a revision
//! restored from History, a post brought back from the trash). Taking something away
//! from readers (unpublishing, the trash) needs no approval and is not asked here.

use super::{PostStatus, status_on_publish};
use crate::accounts::User;
use crate::privacy;

/// Whether a student's change must wait for a teacher: the class's "posts need
/// approval", or, with the personal-data guard on, a `text` (title and body) that looks
/// like it holds personal information.
pub fn approval_required(posts_need_approval: bool, hold_personal_data: bool, text: &str) -> bool {
    posts_need_approval || (hold_personal_data && privacy::looks_personal(text))
}

/// Why a post waits, for its author and the review list, when the guard holds it.
pub fn held_for(hold_personal_data: bool, text: &str) -> Option<&'static str> {
    (hold_personal_data && privacy::looks_personal(text)).then_some(privacy::REASON)
}

/// A change that may put text in front of readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Publish, or Update a published post.
    Publish,
    /// Any other change to what a published post shows: text, title, address or
    /// labels saved, a revision restored, the post brought back from the trash.
    Edit,
}

/// The status `user`'s `change` leaves a post in that was `before`. A draft or a post
/// in review stays where it is on an edit; a published post stays published only if
/// this person may publish without approval, and otherwise goes to review (off the
/// site) like a newly submitted post.
pub fn status_after(
    before: PostStatus,
    change: Change,
    user: &User,
    approval_required: bool,
) -> PostStatus {
    match (change, before) {
        (Change::Publish, _) | (Change::Edit, PostStatus::Published) => {
            status_on_publish(user, approval_required)
        }
        (Change::Edit, unpublished) => unpublished,
    }
}

/// Whether the change takes a live post off the site until a teacher approves it: the
/// post must leave the site before the change is written, so it is never seen.
pub fn leaves_the_site(before: PostStatus, after: PostStatus) -> bool {
    before == PostStatus::Published && after != PostStatus::Published
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Role, test_user as user};

    const ALL: [PostStatus; 3] = [PostStatus::Draft, PostStatus::Review, PostStatus::Published];

    #[test]
    fn with_approval_on_any_change_a_student_makes_to_a_live_post_goes_to_review() {
        let jack = user(1, Role::Student);
        for change in [Change::Publish, Change::Edit] {
            let after = status_after(PostStatus::Published, change, &jack, true);
            assert_eq!(after, PostStatus::Review, "{change:?}");
            assert!(leaves_the_site(PostStatus::Published, after));
        }
    }

    #[test]
    fn a_teacher_and_a_student_without_approval_keep_a_live_post_live() {
        let teacher = user(2, Role::Teacher);
        let jack = user(1, Role::Student);
        for change in [Change::Publish, Change::Edit] {
            for (who, approval) in [(&teacher, true), (&teacher, false), (&jack, false)] {
                let after = status_after(PostStatus::Published, change, who, approval);
                assert_eq!(after, PostStatus::Published);
                assert!(!leaves_the_site(PostStatus::Published, after));
            }
        }
    }

    #[test]
    fn an_edit_leaves_a_draft_or_a_post_in_review_where_it_is() {
        for approval in [true, false] {
            for who in [user(1, Role::Student), user(2, Role::Teacher)] {
                for before in [PostStatus::Draft, PostStatus::Review] {
                    assert_eq!(status_after(before, Change::Edit, &who, approval), before);
                }
            }
        }
    }

    #[test]
    fn personal_information_needs_approval_while_the_guard_is_on() {
        let text = "Volcanoes\nCall me on 07700 900123";
        assert!(approval_required(false, true, text));
        assert!(!approval_required(false, false, text));
        assert!(!approval_required(false, true, "Volcanoes\nHot rocks."));
        assert_eq!(held_for(true, text), Some(privacy::REASON));
        let after = status_after(
            PostStatus::Draft,
            Change::Publish,
            &user(1, Role::Student),
            true,
        );
        assert_eq!(after, PostStatus::Review);
    }

    #[test]
    fn publishing_follows_the_class_rule_from_any_status() {
        for before in ALL {
            let student = status_after(before, Change::Publish, &user(1, Role::Student), true);
            assert_eq!(student, PostStatus::Review);
            let teacher = status_after(before, Change::Publish, &user(2, Role::Teacher), true);
            assert_eq!(teacher, PostStatus::Published);
        }
    }
}
