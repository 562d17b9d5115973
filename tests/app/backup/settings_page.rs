//! Settings → Backups: a teacher downloads the archive; a student, or another site, cannot.

use axum::http::StatusCode;

use crate::helpers::{TestApp, both};

both! {
    async fn a_teacher_downloads_a_backup_and_sees_when_it_was_made(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let settings = staff.get("/settings").await;
        assert!(settings.attributes("main a", "href").contains(&"/settings/backups".to_owned()));
        let page = staff.get("/settings/backups").await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.heading(), "Backups");
        assert_eq!(page.text("#last-backup"), "No backup has been made yet.");

        let download = staff.post("/settings/backups/download", &[]).await;
        download.assert_status(StatusCode::OK);
        assert_eq!(download.header("content-type"), "application/zip");
        let disposition = download.header("content-disposition");
        assert!(disposition.starts_with("attachment; filename=\"quire-backup-") && disposition.ends_with(".zip\""), "{disposition}");
        assert!(download.header("content-encoding").is_empty(), "a zip is not compressed again");
        assert!(download.body.starts_with("PK\u{3}\u{4}"), "a zip");
        assert!(download.body.contains("manifest.json") && download.body.contains("tables/users.jsonl"));

        let page = staff.get("/settings/backups").await;
        assert!(page.text("#last-backup").starts_with("The last backup was made on "), "{}", page.text("#last-backup"));
    }

    async fn students_and_other_sites_cannot_download_a_backup(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana Lopez").await;
        let mut student = app.signed_in(&ana).await;
        student.get("/settings/backups").await.assert_status(StatusCode::FORBIDDEN);
        let refused = student.post("/settings/backups/download", &[]).await;
        refused.assert_status(StatusCode::FORBIDDEN);
        assert!(!refused.header("content-type").contains("zip"));
        app.client().post("/settings/backups/download", &[]).await.assert_redirect_to("/sign-in?next=%2Fsettings%2Fbackups%2Fdownload");

        let mut staff = app.signed_in(&teacher).await;
        let forged = staff.post_from_another_site("/settings/backups/download", &[]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(!forged.header("content-type").contains("zip"));
        assert_eq!(app.store().last_backup_at().await.unwrap(), None, "no backup was made");
    }
}
