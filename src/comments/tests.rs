use super::*;
use crate::accounts::Role;
use crate::accounts::test_user as user;
use crate::posts::markdown::SafeHtml;

/// A comment by `author`, for the rules' tests here and in the submodules.
pub(super) fn comment(author: &User, state: CommentState, depth: i32) -> Comment {
    Comment {
        id: 10,
        post_id: 1,
        parent_id: (depth > 1).then_some(9),
        depth,
        author: CommentAuthor::Member {
            id: author.id,
            username: author.username.clone(),
            display_name: author.display_name.clone(),
            is_teacher: author.is_teacher(),
        },
        body: "Hi".into(),
        body_html: SafeHtml::default(),
        state,
        flag: None,
        flag_reason: None,
        rejection_note: None,
        edited_by_teacher: false,
        created_at: Timestamp::now(),
        updated_at: Timestamp::now(),
    }
}

fn body(text: &str) -> CommentBody {
    CommentBody::parse(text).expect("a valid comment")
}

#[test]
fn a_pending_comment_is_seen_by_its_author_and_teachers_only() {
    let ana = user(1, Role::Student);
    let ben = user(2, Role::Student);
    let teacher = user(3, Role::Teacher);
    let pending = comment(&ana, CommentState::Pending, 1);
    assert!(may_see(&pending, Some(&ana)));
    assert!(may_see(&pending, Some(&teacher)));
    assert!(!may_see(&pending, Some(&ben)));
    assert!(!may_see(&pending, None));
}

#[test]
fn a_rejected_comment_is_seen_by_its_author_only() {
    let ana = user(1, Role::Student);
    let rejected = comment(&ana, CommentState::Rejected, 1);
    assert!(may_see(&rejected, Some(&ana)));
    assert!(!may_see(&rejected, Some(&user(3, Role::Teacher))));
    assert!(!may_see(&rejected, None));
}

#[test]
fn spam_and_deleted_comments_are_seen_by_nobody() {
    let ana = user(1, Role::Student);
    for state in [CommentState::Spam, CommentState::Deleted] {
        let c = comment(&ana, state, 1);
        assert!(!may_see(&c, Some(&ana)));
        assert!(!may_see(&c, Some(&user(3, Role::Teacher))));
    }
}

#[test]
fn authors_edit_for_fifteen_minutes_and_teachers_always() {
    let ana = user(1, Role::Student);
    let ben = user(2, Role::Student);
    let mut c = comment(&ana, CommentState::Approved, 1);
    let now = Timestamp::now();
    assert!(may_edit(&c, &ana, now));
    assert!(!may_edit(&c, &ben, now));
    assert!(may_delete_own(&c, &ana, now));
    c.created_at = now - Duration::minutes(16);
    assert!(!may_edit(&c, &ana, now));
    assert!(!may_delete_own(&c, &ana, now));
    assert!(may_edit(&c, &user(3, Role::Teacher), now));
    c.state = CommentState::Rejected;
    assert!(
        may_edit(&c, &ana, now),
        "a rejected comment can be revised any time"
    );
}

#[test]
fn a_reply_to_the_third_level_stays_at_the_third_level() {
    let ana = user(1, Role::Student);
    let top = comment(&ana, CommentState::Approved, 1);
    assert_eq!(reply_position(&top), (10, 2));
    let third = comment(&ana, CommentState::Approved, 3);
    assert_eq!(reply_position(&third), (9, 3));
}

#[test]
fn the_default_holds_every_comment() {
    let settings = DiscussionSettings::default();
    assert_eq!(
        verdict(
            &settings,
            Commenter::Student { known: true },
            &body("Nice post")
        ),
        Verdict::Hold("comments wait for a teacher")
    );
    assert_eq!(
        verdict(&settings, Commenter::Teacher, &body("Nice post")),
        Verdict::Approve
    );
}

#[test]
fn trusted_policies_approve_members_but_never_guests() {
    let known = DiscussionSettings {
        approval: ApprovalPolicy::ApproveKnown,
        ..DiscussionSettings::default()
    };
    assert_eq!(
        verdict(&known, Commenter::Student { known: true }, &body("Hi")),
        Verdict::Approve
    );
    assert!(matches!(
        verdict(&known, Commenter::Student { known: false }, &body("Hi")),
        Verdict::Hold(_)
    ));
    let all = DiscussionSettings {
        approval: ApprovalPolicy::ApproveMembers,
        ..DiscussionSettings::default()
    };
    assert_eq!(
        verdict(&all, Commenter::Student { known: false }, &body("Hi")),
        Verdict::Approve
    );
    assert!(matches!(
        verdict(&all, Commenter::Guest, &body("Hi")),
        Verdict::Hold(_)
    ));
}

#[test]
fn links_and_listed_words_hold_or_reject() {
    let settings = DiscussionSettings {
        approval: ApprovalPolicy::ApproveMembers,
        hold_words: parse_word_list("homework answers\nsilly"),
        reject_words: parse_word_list("stupid, idiot"),
        ..DiscussionSettings::default()
    };
    let student = Commenter::Student { known: true };
    assert!(matches!(
        verdict(
            &settings,
            student,
            &body("see http://a.example http://b.example https://c.example")
        ),
        Verdict::Hold(_)
    ));
    assert_eq!(
        verdict(
            &settings,
            student,
            &body("see http://a.example and www.b.example")
        ),
        Verdict::Approve
    );
    assert!(matches!(
        verdict(&settings, student, &body("So SILLY!")),
        Verdict::Hold(_)
    ));
    assert!(matches!(
        verdict(&settings, student, &body("the homework   answers are")),
        Verdict::Hold(_)
    ));
    assert_eq!(
        verdict(&settings, student, &body("You are STUPID.")),
        Verdict::Reject
    );
    assert_eq!(
        verdict(&settings, Commenter::Teacher, &body("idiot")),
        Verdict::Reject
    );
    assert_eq!(
        verdict(
            &settings,
            student,
            &body("Our class is great; silliness aside")
        ),
        Verdict::Approve
    );
}

#[test]
fn comment_bodies_are_bounded_and_fingerprinted_loosely() {
    assert!(CommentBody::parse("  \n ").is_err());
    assert!(CommentBody::parse(&"x".repeat(BODY_MAX + 1)).is_err());
    assert_eq!(
        body("Nice  post!").fingerprint(),
        body("nice post!\n").fingerprint()
    );
    assert_ne!(
        body("Nice post!").fingerprint(),
        body("Nice post?").fingerprint()
    );
}

#[test]
fn notes_can_be_required() {
    assert!(parse_note("  ", true).is_err());
    assert_eq!(parse_note("  ", false), Ok(None));
    assert!(parse_note(&"n".repeat(501), false).is_err());
}

#[test]
fn every_log_action_reads_back_from_the_word_it_is_stored_as() {
    for action in LogAction::ALL {
        assert_eq!(LogAction::parse(action.as_str()), Some(action));
    }
    assert_eq!(LogAction::parse("delete own"), Some(LogAction::DeleteOwn));
    assert_eq!(LogAction::parse("explode"), None);
    assert_eq!(LogAction::parse("Approve"), None);
}

#[test]
fn a_teachers_action_is_logged_with_the_word_of_its_button() {
    for value in ["approve", "reject", "spam", "delete"] {
        let action = ModerationAction::parse(value).expect("a button's value");
        assert_eq!(action.as_str(), value);
        assert_eq!(action.logged().as_str(), value);
    }
    assert_eq!(LogAction::from(Flag::Reported), LogAction::Report);
    assert_eq!(LogAction::from(Flag::Hidden), LogAction::Hide);
}

#[test]
fn only_a_rejection_keeps_the_teachers_note() {
    let note = Some("Please cite a source.");
    assert_eq!(ModerationAction::Reject.kept_note(note), note);
    assert_eq!(ModerationAction::Reject.kept_note(None), None);
    for action in [
        ModerationAction::Approve,
        ModerationAction::Spam,
        ModerationAction::Delete,
    ] {
        assert_eq!(action.kept_note(note), None, "{action:?}");
    }
}
