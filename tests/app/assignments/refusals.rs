//! Every teacher route of assignments refuses a student, and a form sent from another
//! site, by direct request; deleting keeps the answers; the kept page of an answer
//! changes when its assignment does; classmates' answers wait for the due date.

use axum::http::StatusCode;

use super::{answer, set_assignment};
use crate::helpers::{TestApp, both};

const FIELDS: &[(&str, &str)] = &[
    ("title", "Volcanoes"),
    ("instructions", "Pick one."),
    ("due", "2099-01-10T15:00"),
    ("comments_required", "1"),
];

both! {
    async fn a_student_is_refused_on_every_teacher_route_and_nothing_changes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, FIELDS).await;
        let mut student = app.signed_in(&ana).await;
        for path in ["/assignments/new".to_owned(), format!("/assignments/{id}/edit"),
                     format!("/assignments/{id}/table"), format!("/assignments/{id}/table.csv")] {
            student.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        }
        let ana_id = ana.id.to_string();
        let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/assignments".into(), FIELDS.to_vec()),
            (format!("/assignments/{id}/edit"), vec![("title", "Hacked"), ("due", "2099-01-10T15:00")]),
            (format!("/assignments/{id}/close"), vec![]),
            (format!("/assignments/{id}/reopen"), vec![]),
            (format!("/assignments/{id}/delete"), vec![]),
            (format!("/assignments/{id}/extensions"), vec![("student", &ana_id), ("due", "2100-01-01T00:00")]),
        ];
        for (path, fields) in &forms {
            student.post(path, fields).await.assert_status(StatusCode::FORBIDDEN);
            // The teacher's own browser, tricked by another site, is refused too.
            staff.post_from_another_site(path, fields).await.assert_status(StatusCode::FORBIDDEN);
        }
        let assignments = app.store().assignments().await.unwrap();
        assert_eq!(assignments.len(), 1);
        assert_eq!((assignments[0].title.as_str(), assignments[0].closed), ("Volcanoes", false));
        assert_eq!(app.store().extension_of(id, ana.id).await.unwrap(), None);
        // Signed out, every page sends to sign-in.
        let page = app.client().get(&format!("/assignments/{id}")).await;
        assert!(page.location().starts_with("/sign-in?next="), "{}", page.location());
    }

    async fn closing_reopening_and_deleting_keep_the_answers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, FIELDS).await;
        let mut student = app.signed_in(&ana).await;
        answer(&mut student, "Etna", id, "publish").await.assert_redirect_to("/posts/etna");

        staff.post(&format!("/assignments/{id}/close"), &[]).await.assert_redirect_to(&format!("/assignments/{id}?done=closed"));
        let list = student.get("/assignments").await;
        assert_eq!(list.texts("h2"), ["Closed"]);
        // Closed: no longer offered for a new post, still shown on the answer's own form.
        assert!(student.get("/write").await.attributes("#assignment option", "value").is_empty());
        staff.post(&format!("/assignments/{id}/reopen"), &[]).await;
        assert_eq!(student.get("/assignments").await.texts("h2"), ["Open"]);

        // The kept page of the answer changes with the assignment's title.
        let mut reader = app.client();
        assert_eq!(reader.get("/posts/etna").await.text(".answer-to"), "Answer to: Volcanoes");
        // Asked again, it may come from memory: still right after the rename below.
        assert_eq!(reader.get("/posts/etna").await.text(".answer-to"), "Answer to: Volcanoes");
        let renamed = [("title", "Volcanoes of Europe"), ("instructions", "Pick one."), ("due", "2099-01-10T15:00"), ("comments_required", "1")];
        staff.post(&format!("/assignments/{id}/edit"), &renamed).await.assert_redirect_to(&format!("/assignments/{id}?done=saved"));
        assert_eq!(reader.get("/posts/etna").await.text(".answer-to"), "Answer to: Volcanoes of Europe");

        staff.post(&format!("/assignments/{id}/delete"), &[]).await.assert_redirect_to("/assignments?done=deleted");
        let post = reader.get("/posts/etna").await;
        post.assert_status(StatusCode::OK);
        assert_eq!(post.text(".answer-to"), "");
        assert!(app.store().assignments().await.unwrap().is_empty());
        student.get(&format!("/assignments/{id}")).await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn classmates_answers_wait_for_the_due_date_unless_the_teacher_allows(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, FIELDS).await;
        let mut ana_browser = app.signed_in(&ana).await;
        answer(&mut ana_browser, "Etna", id, "publish").await;
        let mut ben_browser = app.signed_in(&ben).await;
        let page = ben_browser.get(&format!("/assignments/{id}")).await;
        assert!(page.texts(".answer-list li").is_empty());
        assert_eq!(page.text("#answers-heading + p"), "You can read your classmates' answers after the due date.");
        // The teacher sees them at once.
        let page = staff.get(&format!("/assignments/{id}")).await;
        assert_eq!(page.texts(".answer-list li a"), ["Etna"]);
        // A due date passed: everyone reads them.
        let past = [("title", "Volcanoes"), ("instructions", "Pick one."), ("due", "2020-01-10T15:00"), ("comments_required", "1")];
        staff.post(&format!("/assignments/{id}/edit"), &past).await;
        let page = ben_browser.get(&format!("/assignments/{id}")).await;
        assert_eq!(page.texts(".answer-list li a"), ["Etna"]);
    }

    async fn a_refused_assignment_form_keeps_what_was_typed(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let page = staff.post("/assignments", &[("title", "  "), ("instructions", "Keep me"), ("due", "Friday"), ("comments_required", "99")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("title"), "Give the assignment a title.");
        assert_eq!(page.field_error("due"), "Choose the date and time answers are due.");
        assert_eq!(page.field_error("comments_required"), "Enter a whole number from 0 to 20.");
        assert_eq!(page.field_value("instructions"), "Keep me");
        assert!(app.store().assignments().await.unwrap().is_empty());
    }
}
