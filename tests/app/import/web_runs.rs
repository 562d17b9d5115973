//! One import runs at a time across instances; a run whose instance died (its heartbeat
//! stale) shows as failed with nothing imported, and can be started again.

use axum::http::StatusCode;
use quire::db::Timestamp;

use super::{count, fixture_bytes, import_and_wait, upload};
use crate::helpers::{TestApp, both};

both! {
    async fn a_run_whose_instance_died_shows_failed_and_starts_again(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let bytes = fixture_bytes("blogger.xml", "http://127.0.0.1:9");
        let preview = upload(&mut staff, "blogger", &bytes).await.location().to_owned();
        // As if an instance had started it and died three minutes ago.
        let long_ago = Timestamp::now() - time::Duration::minutes(3);
        app.execute_at("update blog_imports set state = 'running', stage = 'pictures', heartbeat_at = $1", long_ago).await;
        let page = staff.get(&format!("{preview}/progress")).await;
        assert_eq!(page.heading(), "Import failed");
        assert_eq!(page.text("#import-error"), quire::import::STOPPED);
        assert_eq!(count(&app, "select count(*) from posts").await, 0);

        let report = import_and_wait(&mut staff, &preview).await;
        assert_eq!(report.heading(), "Import finished");
        assert_eq!(report.texts("#import-report li")[0], "2 posts and 10 comments imported");
    }

    async fn only_one_import_runs_at_a_time(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let bytes = fixture_bytes("wordpress.xml", "http://127.0.0.1:9");
        let first = upload(&mut staff, "wordpress", &bytes).await.location().to_owned();
        // Another instance is running the first one, and beating.
        app.execute_at("update blog_imports set state = 'running', stage = 'pictures', pictures_done = 3, pictures_total = 8, heartbeat_at = $1", Timestamp::now()).await;
        let running = staff.get(&format!("{first}/progress")).await;
        assert_eq!(running.heading(), "Importing");
        assert!(running.text("#import-status").starts_with("Fetching pictures from the old blog: 3 of 8."));
        assert_eq!(running.attributes("meta[http-equiv=refresh]", "content"), ["3"], "it refreshes without script");
        let second = upload(&mut staff, "wordpress", &bytes).await.location().to_owned();
        let page = staff.get(&second).await;
        assert_eq!(page.attributes("form[action$='/start'] button", "disabled").len(), 1);
        staff.post(&format!("{second}/start"), &[]).await.assert_redirect_to(&second);
        staff.get(&second).await.assert_status(StatusCode::OK);
        assert_eq!(count(&app, "select count(*) from blog_imports where state = 'running'").await, 1);
        assert_eq!(count(&app, "select count(*) from posts").await, 0);
    }
}
