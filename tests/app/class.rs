//! The teacher's Class page.

use axum::http::StatusCode;

use crate::helpers::{PASSWORD, Page, TestApp, both};

/// (name, username, password) rows of a credentials sheet.
fn credentials(page: &Page) -> Vec<(String, String, String)> {
    let cells = page.texts("table.credentials tbody td");
    cells
        .chunks(3)
        .map(|row| (row[0].clone(), row[1].clone(), row[2].clone()))
        .collect()
}

both! {
    async fn added_students_get_usernames_and_passwords_that_work(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/class/students", &[
            ("names", "Ana López\n\nBen Okafor\r\nAna Lopez\n  Zoë  \n"),
        ]).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.header("cache-control"), "no-store");
        let rows = credentials(&page);
        let usernames: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(usernames, ["ana.lopez", "ben.okafor", "ana.lopez2", "zoe"]);
        assert_eq!(rows[0].0, "Ana López");

        for (_, username, password) in &rows {
            app.client().sign_in(username, password).await.assert_redirect_to("/");
        }
        let class = browser.get("/class").await;
        assert!(class.text("#students-heading").contains("(4)"));
    }

    async fn an_empty_or_bad_list_of_names_comes_back_with_the_text_kept(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/class/students", &[("names", "  \n ")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("names").contains("at least one name"));

        let long = "x".repeat(100);
        let typed = format!("Ana López\n{long}\nBen");
        let page = browser.post("/class/students", &[("names", &typed)]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("names").starts_with("Line 2:"));
        assert_eq!(page.field_value("names"), typed.split_whitespace().collect::<Vec<_>>().join(" "));
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn a_reset_password_is_shown_once_and_signs_the_student_out(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut student = app.signed_in(&ana).await;
        let mut browser = app.signed_in(&teacher).await;

        let page = browser.post(&format!("/class/{}/password", ana.id), &[]).await;
        page.assert_status(StatusCode::OK);
        let rows = credentials(&page);
        assert_eq!(rows.len(), 1);
        let new_password = &rows[0].2;

        student.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        app.client().sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        app.client().sign_in(&ana.username, new_password).await.assert_redirect_to("/");
    }

    async fn a_deactivated_student_is_signed_out_and_can_be_reactivated(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut student = app.signed_in(&ana).await;
        let mut browser = app.signed_in(&teacher).await;

        browser.post(&format!("/class/{}/deactivate", ana.id), &[]).await
            .assert_redirect_to("/class?done=deactivated");
        let class = browser.get("/class?done=deactivated").await;
        assert!(class.text("[role=status]").contains("switched off"));
        assert!(class.body.contains("Switched off"));
        student.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        app.client().sign_in(&ana.username, PASSWORD).await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY); // as a wrong password: it confirms nothing

        browser.post(&format!("/class/{}/activate", ana.id), &[]).await
            .assert_redirect_to("/class?done=activated");
        app.client().sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn a_teacher_cannot_deactivate_themselves(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        browser.post(&format!("/class/{}/deactivate", teacher.id), &[]).await
            .assert_status(StatusCode::BAD_REQUEST);
        assert!(app.store().user_by_id(teacher.id).await.unwrap().unwrap().active);
    }

    async fn a_co_teacher_has_the_same_powers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/class/teachers", &[("teacher_name", "Mr Chen")]).await;
        let rows = credentials(&page);
        assert_eq!(rows[0].1, "mr.chen");

        let mut co_teacher = app.client();
        co_teacher.sign_in(&rows[0].1, &rows[0].2).await.assert_redirect_to("/");
        co_teacher.get("/class").await.assert_status(StatusCode::OK);
        co_teacher.post("/class/students", &[("names", "Cleo")]).await.assert_status(StatusCode::OK);
    }

    async fn unknown_accounts_are_not_found(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        browser.post("/class/999999/password", &[]).await.assert_status(StatusCode::NOT_FOUND);
        browser.post("/class/not-a-number/deactivate", &[]).await.assert_status(StatusCode::BAD_REQUEST);
    }
}
