//! The teacher's Class page: adding students through the preview, and the password sheet.

use axum::http::StatusCode;

use crate::helpers::{Client, Page, TestApp, both};

/// (name, username, password) of each slip of a password sheet.
pub fn slips(page: &Page) -> Vec<(String, String, String)> {
    let names = page.texts(".slip .slip-name");
    let details = page.texts(".slip dd");
    names
        .into_iter()
        .zip(details.chunks(3))
        .map(|(name, d)| (name, d[1].clone(), d[2].clone()))
        .collect()
}

/// Sends the preview's form as the browser would: every name, the ticked lines, a button.
pub async fn submit_preview(browser: &mut Client, preview: &Page, step: &str) -> Page {
    let names = preview.attributes("input[name=name]", "value");
    let kept = preview.attributes("input[name=keep][checked]", "value");
    let mut fields: Vec<(&str, &str)> = names.iter().map(|n| ("name", n.as_str())).collect();
    fields.extend(kept.iter().map(|k| ("keep", k.as_str())));
    fields.push(("step", step));
    browser.post("/class/students/confirm", &fields).await
}

/// Pastes names, accepts the preview as it is, and reads the sheet it leads to.
pub async fn add_students(browser: &mut Client, names: &str) -> Vec<(String, String, String)> {
    let preview = browser.post("/class/students", &[("names", names)]).await;
    preview.assert_status(StatusCode::OK);
    let created = submit_preview(browser, &preview, "create").await;
    assert!(
        created.location().starts_with("/class/sheets/"),
        "{}",
        created.body
    );
    slips(&browser.get(created.location()).await)
}

both! {
    async fn the_preview_shows_usernames_and_creates_nothing(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/class/students", &[(
            "names",
            "Liam O'Brien\nMary-Kate Van der Berg\nAna María López\nZoë",
        )]).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.heading(), "Check the new students");
        assert_eq!(
            page.texts("table.preview td code"),
            ["liam.obrien", "marykate.vanderberg", "ana.maria.lopez", "zoe"]
        );
        assert_eq!(page.attributes("input[name=keep][checked]", "value").len(), 4);
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn heading_lines_blanks_and_repeats_are_flagged_and_left_out(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        app.student("Emma Johnson").await;
        let mut browser = app.signed_in(&teacher).await;
        let preview = browser.post("/class/students", &[(
            "names",
            "Period 5:\nDiego Ramírez\n\nAisha Khan\ndiego ramirez\nEmma Johnson\n",
        )]).await;
        let notes = preview.texts("table.preview td:nth-child(4)");
        assert_eq!(notes[0], "Looks like a heading, not a name.");
        assert_eq!(notes[2], "Blank line: skipped.");
        assert_eq!(notes[4], "The same name is higher up in the list.");
        assert_eq!(notes[5], "Someone in the class already has this name, or one that looks just like it.");
        assert_eq!(preview.attributes("input[name=keep][checked]", "value"), ["1", "3"]);
        // The second Emma Johnson would be numbered if the teacher ticked her.
        assert!(preview.texts("table.preview td code").contains(&"emma.johnson2".to_owned()));

        let made = submit_preview(&mut browser, &preview, "create").await;
        let sheet = browser.get(made.location()).await;
        let usernames: Vec<String> = slips(&sheet).into_iter().map(|s| s.1).collect();
        assert_eq!(usernames, ["diego.ramirez", "aisha.khan"]);
        assert!(app.store().user_by_username("period.5").await.unwrap().is_none());
    }

    async fn a_corrected_name_gets_its_username_when_checked_again(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        browser.post("/class/students", &[("names", "Ana\nBen")]).await;
        let page = browser.post("/class/students/confirm", &[
            ("name", "Ana Lopez"), ("name", "Ben Okafor"), ("keep", "0"), ("step", "check"),
        ]).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.texts("table.preview td code"), ["ana.lopez", "ben.okafor"]);
        assert_eq!(page.attributes("input[name=keep][checked]", "value"), ["0"]);
        let page = browser.post("/class/students/confirm", &[("name", "Ana"), ("step", "create")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text(".error-summary").contains("Tick at least one name"));
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn reloading_the_sheet_creates_nothing_and_shows_the_same_passwords(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let preview = browser.post("/class/students", &[("names", "Diego Ramírez\nAisha Khan")]).await;
        let created = submit_preview(&mut browser, &preview, "create").await;
        let sheet_path = created.location().to_owned();
        let first = browser.get(&sheet_path).await;
        first.assert_status(StatusCode::OK);
        assert_eq!(first.header("cache-control"), "no-store");
        let again = browser.get(&sheet_path).await;
        assert_eq!(slips(&first), slips(&again));
        // Another instance behind the load balancer shows the same sheet.
        let other = app.second_instance().await;
        let mut same_browser = other.client();
        same_browser.set_session_cookie(browser.session_cookie().unwrap());
        assert_eq!(slips(&same_browser.get(&sheet_path).await), slips(&first));
        assert_eq!(app.store().all_users().await.unwrap().len(), 3);

        for (_, username, password) in slips(&first) {
            app.client().sign_in(&username, &password).await.assert_redirect_to("/");
        }
        // Another teacher cannot read it.
        let co = app.teacher("Mr Chen").await;
        app.signed_in(&co).await.get(&sheet_path).await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn the_sheet_prints_a_slip_per_student_with_the_blogs_address(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let preview = browser.post("/class/students", &[("names", "Ana López\nBen Okafor")]).await;
        let made = submit_preview(&mut browser, &preview, "create").await;
        let sheet = browser.get(made.location()).await;
        assert_eq!(sheet.texts(".slip").len(), 2);
        assert_eq!(sheet.texts(".slip dd")[0], "http://127.0.0.1:3000/");
        assert_eq!(slips(&sheet)[0].0, "Ana López");
        assert_eq!(sheet.texts("button.print-page"), ["Print the slips"]);
        // The Class page shows the full name beside the username.
        let class = browser.get("/class").await;
        assert!(class.texts("table.roster tbody tr").iter().any(|row| row.contains("Ana López ana.lopez")));
        assert!(class.text("#students-heading").contains("(2)"));
    }

    async fn an_empty_or_unreadable_list_comes_back_with_the_text_kept(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/class/students", &[("names", "  \n ")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("names").contains("at least one name"));
        let page = browser.post("/class/students", &[("names", "Ana\nBen\u{0}")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("names").starts_with("Line 2:"));
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn a_co_teacher_has_the_same_powers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let created = browser.post("/class/teachers", &[("teacher_name", "Mr Chen")]).await;
        let rows = slips(&browser.get(created.location()).await);
        assert_eq!(rows[0].1, "mr.chen");

        let mut co_teacher = app.client();
        co_teacher.sign_in(&rows[0].1, &rows[0].2).await.assert_redirect_to("/");
        co_teacher.get("/class").await.assert_status(StatusCode::OK);
        assert_eq!(add_students(&mut co_teacher, "Cleo").await.len(), 1);
    }

    async fn a_co_teacher_named_like_a_member_is_refused_with_the_name_kept(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        // A Cyrillic "М" and an accent: the same name to a child reading the page.
        let page = browser.post("/class/teachers", &[("teacher_name", "Мs Rívera")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_value("teacher_name"), "Мs Rívera");
        assert!(page.field_error("teacher_name").contains("looks just like it"));
        assert_eq!(app.store().all_users().await.unwrap().len(), 1, "no account made");
    }
}
