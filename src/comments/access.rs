//! Who may comment on a post, and who may flag a comment back to the teachers.

use super::{Comment, CommentState, DiscussionSettings, Flag, comments_closed};
use crate::accounts::User;
use crate::db::Timestamp;
use crate::posts::Post;

/// Whether, and how, someone may comment on a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAccess {
    /// A class member comments as themselves.
    Member,
    /// A guest, who gives a name; always held.
    Guest,
    /// Comments are closed on this post.
    Closed,
    /// Only class members comment, and the viewer is not signed in.
    SignInRequired,
    /// A teacher stopped this student from commenting.
    Stopped,
}

impl CommentAccess {
    /// Whether the form is offered (to a member or a guest).
    pub fn may_write(self) -> bool {
        matches!(self, CommentAccess::Member | CommentAccess::Guest)
    }
}

/// How `user` (or a guest, for `None`) may comment on `post` at `now`. Closing wins over
/// everything; a teacher is never stopped.
pub fn comment_access(
    post: &Post,
    settings: &DiscussionSettings,
    user: Option<&User>,
    now: Timestamp,
) -> CommentAccess {
    if comments_closed(post, settings, now) {
        return CommentAccess::Closed;
    }
    match user {
        Some(user) if !user.can_comment && !user.is_teacher() => CommentAccess::Stopped,
        Some(_) => CommentAccess::Member,
        None if settings.anyone_may_comment => CommentAccess::Guest,
        None => CommentAccess::SignInRequired,
    }
}

/// Whether `user` may flag `comment` on `post` this way: only an approved comment by
/// someone else; hiding only on one's own post.
pub fn may_flag(flag: Flag, comment: &Comment, post: &Post, user: &User) -> bool {
    let fair = comment.state == CommentState::Approved && !comment.is_by(user);
    match flag {
        Flag::Reported => fair,
        Flag::Hidden => fair && post.author.id == user.id,
    }
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::*;
    use crate::accounts::Role;
    use crate::accounts::test_user as user;
    use crate::comments::tests::comment;
    use crate::posts::{PostStatus, test_post};

    fn post_by(author: &User, published: Timestamp) -> Post {
        let mut post = test_post(author, PostStatus::Published);
        post.published_at = Some(published);
        post
    }

    #[test]
    fn members_comment_and_guests_only_where_the_teacher_lets_them() {
        let now = Timestamp::now();
        let ana = user(1, Role::Student);
        let post = post_by(&ana, now);
        let mut settings = DiscussionSettings::default();
        let access = |settings: &DiscussionSettings, who| comment_access(&post, settings, who, now);
        assert_eq!(access(&settings, Some(&ana)), CommentAccess::Member);
        assert_eq!(access(&settings, None), CommentAccess::SignInRequired);
        settings.anyone_may_comment = true;
        assert_eq!(access(&settings, None), CommentAccess::Guest);
        assert!(CommentAccess::Guest.may_write() && !CommentAccess::Closed.may_write());
    }

    #[test]
    fn a_stopped_student_may_not_comment_but_a_teacher_always_may() {
        let now = Timestamp::now();
        let mut ben = user(2, Role::Student);
        ben.can_comment = false;
        let mut teacher = user(3, Role::Teacher);
        teacher.can_comment = false;
        let post = post_by(&ben, now);
        let settings = DiscussionSettings::default();
        assert_eq!(
            comment_access(&post, &settings, Some(&ben), now),
            CommentAccess::Stopped
        );
        assert_eq!(
            comment_access(&post, &settings, Some(&teacher), now),
            CommentAccess::Member
        );
    }

    #[test]
    fn comments_close_on_the_post_or_after_the_teachers_days() {
        let now = Timestamp::now();
        let ana = user(1, Role::Student);
        let settings = DiscussionSettings {
            close_after_days: 7,
            ..DiscussionSettings::default()
        };
        let fresh = post_by(&ana, now - Duration::days(6));
        let old = post_by(&ana, now - Duration::days(8));
        let mut closed = post_by(&ana, now);
        closed.comments_open = false;
        let access = |post: &Post| comment_access(post, &settings, Some(&ana), now);
        assert_eq!(access(&fresh), CommentAccess::Member);
        assert_eq!(access(&old), CommentAccess::Closed);
        assert_eq!(access(&closed), CommentAccess::Closed);
    }

    #[test]
    fn only_approved_comments_of_others_are_flagged_and_hidden_only_by_the_posts_author() {
        let ana = user(1, Role::Student);
        let ben = user(2, Role::Student);
        let cleo = user(3, Role::Student);
        let post = post_by(&ana, Timestamp::now());
        let by_ben = comment(&ben, CommentState::Approved, 1);
        assert!(may_flag(Flag::Reported, &by_ben, &post, &cleo));
        assert!(!may_flag(Flag::Hidden, &by_ben, &post, &cleo));
        assert!(may_flag(Flag::Hidden, &by_ben, &post, &ana));
        assert!(!may_flag(Flag::Reported, &by_ben, &post, &ben));
        let pending = comment(&ben, CommentState::Pending, 1);
        assert!(!may_flag(Flag::Reported, &pending, &post, &cleo));
        assert!(!may_flag(Flag::Hidden, &pending, &post, &ana));
    }
}
