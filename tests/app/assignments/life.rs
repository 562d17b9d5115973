//! One assignment from the teacher's New form to the gradebook's CSV.

use axum::http::StatusCode;

use super::{answer, set_assignment, table};
use crate::comments::{comment, comment_id};
use crate::helpers::{TestApp, both};

fn row(name: &str, answer: &str, comments: &str) -> (String, String, String) {
    (name.to_owned(), answer.to_owned(), comments.to_owned())
}

both! {
    async fn an_assignment_is_set_answered_commented_on_and_counted(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let cleo = app.student("Cleo Park").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, &[
            ("title", "De-Stalinization"),
            ("instructions", "Write **one** post, then comment on a classmate's."),
            ("due", "2030-01-10T15:00"),
            ("group", ""),
            ("comments_required", "1"),
            ("answers_visible_before_due", "on"),
        ]).await;

        // Ana finds it under Assignments, and Write your answer opens Write with it chosen.
        let mut ana_browser = app.signed_in(&ana).await;
        let list = ana_browser.get("/assignments").await;
        assert!(list.nav().contains(&"Assignments".to_owned()));
        assert!(list.text(".assignment-list li").starts_with("De-Stalinization, due in"), "{}", list.text(".assignment-list li"));
        let page = ana_browser.get(&format!("/assignments/{id}")).await;
        assert_eq!(page.text("#your-answer"), "Your answer: missing. Write your answer");
        assert_eq!(page.text("#your-comments"), "Comments: 0 of 1 — comment on one more classmate's answer");
        let write = ana_browser.get(&format!("/write?assignment={id}")).await;
        assert_eq!(write.attributes("#assignment option[selected]", "value"), [id.to_string()]);

        let published = answer(&mut ana_browser, "Khrushchev's secret speech", id, "publish").await;
        published.assert_redirect_to("/posts/khrushchevs-secret-speech");
        let post = ana_browser.get("/posts/khrushchevs-secret-speech").await;
        assert_eq!(post.text(".answer-to"), "Answer to: De-Stalinization");
        let ana_post = app.store().answer_of(id, ana.id).await.unwrap().unwrap().0;

        // One answer each: a second post is refused beside the field, its text kept.
        let refused = answer(&mut ana_browser, "A second try", id, "save").await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.field_error("assignment").contains("You already answer this assignment"), "{}", refused.field_error("assignment"));
        assert_eq!(refused.field_value("title"), "A second try");

        let mut ben_browser = app.signed_in(&ben).await;
        answer(&mut ben_browser, "The thaw", id, "publish").await.assert_status(StatusCode::SEE_OTHER);
        let ben_post = app.store().answer_of(id, ben.id).await.unwrap().unwrap().0;
        let mut cleo_browser = app.signed_in(&cleo).await;
        answer(&mut cleo_browser, "Draft thoughts", id, "save").await.assert_status(StatusCode::SEE_OTHER);

        // Ben comments on Ana's answer (counts once approved) and on his own (never counts).
        let on_ana = comment_id(&comment(&mut ben_browser, ana_post, "Well argued!", None).await);
        let on_own = comment_id(&comment(&mut ben_browser, ben_post, "A note to myself", None).await);
        for comment in [on_ana, on_own] {
            staff.post("/moderation", &[("ids", &comment.to_string()), ("action", "approve"), ("note", "")]).await;
        }
        assert_eq!(table(&mut staff, id, "name").await, [
            row("Ana López", "published", "0 of 1"),
            row("Ben Okafor", "published", "1 of 1"),
            row("Cleo Park", "draft", "0 of 1"),
        ]);
        let ben_page = ben_browser.get(&format!("/assignments/{id}")).await;
        assert_eq!(ben_page.text("#your-comments"), "Comments: 1 of 1 — done");
        assert_eq!(ben_page.texts(".answer-list li a"), ["Khrushchev's secret speech", "The thaw"]);

        // Private feedback on Ben's answer shows in its column until Ben reads it.
        staff.post(&format!("/posts/{ben_post}/feedback"), &[("body", "Good start.")]).await
            .assert_status(StatusCode::SEE_OTHER);
        let page = staff.get(&format!("/assignments/{id}/table")).await;
        assert_eq!(page.texts("tbody td:nth-of-type(3)"), ["none", "given, not read yet", "none"]);

        // Sorted by answer: the missing and drafts first.
        let by_answer = table(&mut staff, id, "answer").await;
        assert_eq!(by_answer[0].0, "Cleo Park");

        // Rejecting the comment takes it off the count.
        staff.post("/moderation", &[("ids", &on_ana.to_string()), ("action", "reject"), ("note", "")]).await;
        assert_eq!(table(&mut staff, id, "name").await[1], row("Ben Okafor", "published", "0 of 1"));

        // A comment on an answer that is later unpublished stops counting.
        let again = comment_id(&comment(&mut ben_browser, ana_post, "Read it twice.", None).await);
        staff.post("/moderation", &[("ids", &again.to_string()), ("action", "approve"), ("note", "")]).await;
        assert_eq!(table(&mut staff, id, "name").await[1].2, "1 of 1");
        ana_browser.post(&format!("/posts/{ana_post}/unpublish"), &[]).await;
        assert_eq!(table(&mut staff, id, "name").await[0], row("Ana López", "draft", "0 of 1"));
        assert_eq!(table(&mut staff, id, "name").await[1].2, "0 of 1");
        // And a comment its author deletes does not count either.
        answer(&mut ana_browser, "Khrushchev's secret speech", id, "publish").await;
        let edit = format!("/posts/{ana_post}/edit");
        ana_browser.post(&edit, &[("title", "Khrushchev's secret speech"), ("body", "Back."), ("labels", ""), ("action", "publish")]).await;
        assert_eq!(table(&mut staff, id, "name").await[1].2, "1 of 1");
        ben_browser.post(&format!("/comments/{again}/delete"), &[]).await;
        assert_eq!(table(&mut staff, id, "name").await[1].2, "0 of 1");
    }

    async fn late_answers_extensions_and_the_gradebook_csv(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("=Ana, \"the great\"").await;
        let ben = app.student("Ben Okafor").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, &[
            ("title", "Volcanoes"), ("instructions", "Pick one."), ("due", "2020-01-10T15:00"),
            ("comments_required", "2"),
        ]).await;
        // Ben gets until far in the future; a due date that is no date is refused.
        let bad = staff.post(&format!("/assignments/{id}/extensions"), &[("student", &ben.id.to_string()), ("due", "soon")]).await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.field_error(&format!("due-{}", ben.id)), "Choose a date and time.");
        staff.post(&format!("/assignments/{id}/extensions"), &[("student", &ben.id.to_string()), ("due", "2099-01-01T09:00")]).await
            .assert_redirect_to(&format!("/assignments/{id}/table#student-{}", ben.id));

        let mut ana_browser = app.signed_in(&ana).await;
        answer(&mut ana_browser, "Etna", id, "publish").await.assert_status(StatusCode::SEE_OTHER);
        let mut ben_browser = app.signed_in(&ben).await;
        answer(&mut ben_browser, "Vesuvius", id, "publish").await.assert_status(StatusCode::SEE_OTHER);
        let rows = table(&mut staff, id, "name").await;
        assert!(rows[0].1.starts_with("published, late by ") && rows[0].1.ends_with(" days"), "{rows:?}");
        assert_eq!(rows[1].1, "published", "extended, so not late");
        let ben_page = ben_browser.get(&format!("/assignments/{id}")).await;
        assert_eq!(ben_page.text("#your-answer"), "Your answer: published. Open your answer");

        let csv = staff.get(&format!("/assignments/{id}/table.csv")).await;
        csv.assert_status(StatusCode::OK);
        assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
        assert!(csv.header("content-disposition").contains(&format!("assignment-{id}.csv")));
        let lines: Vec<&str> = csv.body.split("\r\n").collect();
        assert_eq!(lines[0], "Student,Username,Answer,Late,Comments,Comments asked,Feedback,Due");
        assert!(lines[1].starts_with("\"'=Ana, \"\"the great\"\"\","), "{}", lines[1]);
        assert!(lines[1].contains(",published,late by "), "{}", lines[1]);
        assert!(lines[1].ends_with(",0,2,none,\"January 10, 2020 at 3:00 PM\""), "{}", lines[1]);
        assert!(lines[2].starts_with("Ben Okafor,ben.okafor,published,,0,2,none,\"January 1, 2099 at 9:00 AM\""), "{}", lines[2]);
        assert_eq!(lines.len(), 4, "a header, two students and the final line break");
    }
}
