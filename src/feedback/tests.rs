use super::*;
use crate::accounts::{Role, test_user as user};
use crate::posts::test_post as post;

#[test]
fn only_a_teacher_gives_feedback_on_a_students_published_or_waiting_post() {
    let ana = user(1, Role::Student);
    let ben = user(2, Role::Student);
    let teacher = user(3, Role::Teacher);
    for status in [PostStatus::Published, PostStatus::Review] {
        let answer = post(&ana, status);
        assert!(may_give_feedback(&answer, &teacher), "{status:?}");
        assert!(!may_give_feedback(&answer, &ana), "not the author");
        assert!(!may_give_feedback(&answer, &ben), "not a classmate");
    }
    assert!(
        !may_give_feedback(&post(&ana, PostStatus::Draft), &teacher),
        "not a draft"
    );
    let mut trashed = post(&ana, PostStatus::Published);
    trashed.trashed_at = Some(Timestamp::now());
    assert!(!may_give_feedback(&trashed, &teacher), "not in the trash");
    let own = post(&user(4, Role::Teacher), PostStatus::Published);
    assert!(!may_give_feedback(&own, &teacher), "not a teacher's post");
}

#[test]
fn feedback_is_read_by_the_author_and_the_teachers_only() {
    let ana = user(1, Role::Student);
    let answer = post(&ana, PostStatus::Published);
    assert!(may_read_feedback(&answer, Some(&ana)));
    assert!(may_read_feedback(&answer, Some(&user(3, Role::Teacher))));
    assert!(!may_read_feedback(&answer, Some(&user(2, Role::Student))));
    assert!(
        !may_read_feedback(&answer, None),
        "nobody signed out, family readers included"
    );
}

#[test]
fn feedback_text_is_trimmed_and_refused_when_empty_too_long_or_holding_control_characters() {
    assert_eq!(
        FeedbackText::parse("  Well argued.\r\nAdd a source.  ").map(|t| t.0),
        Ok("Well argued.\nAdd a source.".to_owned())
    );
    let refused = ["", "   \n ", "nul\0here", &"a".repeat(FEEDBACK_MAX + 1)];
    for input in refused {
        assert!(
            FeedbackText::parse(input).is_err(),
            "{:?}",
            &input[..input.len().min(12)]
        );
    }
    assert!(FeedbackText::parse(&"a".repeat(FEEDBACK_MAX)).is_ok());
}

#[test]
fn the_state_is_seen_only_once_the_author_saw_the_current_version() {
    let at = Timestamp::now();
    assert_eq!(FeedbackState::of(at, None), FeedbackState::Given { at });
    assert_eq!(FeedbackState::of(at, Some(at)).as_str(), "seen");
    assert_eq!(FeedbackState::None.as_str(), "none");
}
