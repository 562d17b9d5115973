//! Look-alike names held at the database (migration 0020): requests that all pass the
//! app's check at once still end with one member per name, and the loser sees the same
//! friendly refusal as anyone else.

use axum::http::StatusCode;
use quire::db::is_unique_violation;
use quire::names::skeleton;

use crate::helpers::{TestApp, both};

/// Variants of one name that all read as "Zoe Park".
const LOOK_ALIKES: [&str; 8] = [
    "Zoe Park",
    "Zoë Park",
    "ZOE PARK",
    "zoe  park",
    "Zoé Park",
    "Zое Park",
    "Zoe Pαrk",
    "Zoe. Park",
];

both! {
    async fn concurrent_look_alike_renames_end_with_exactly_one_success(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        // Every browser is ready before any request leaves, so the checks overlap.
        let mut ready = Vec::new();
        for (n, wanted) in LOOK_ALIKES.into_iter().enumerate() {
            let student = app.student(&format!("Student {n}")).await;
            let staff = app.signed_in(&teacher).await;
            ready.push((staff, format!("/class/students/{}/name", student.id), wanted));
        }
        let mut tasks = tokio::task::JoinSet::new();
        for (mut staff, path, wanted) in ready {
            tasks.spawn(async move {
                let page = staff.post(&path, &[("display_name", wanted)]).await;
                let error = (page.status != StatusCode::SEE_OTHER).then(|| page.field_error("display_name"));
                (page.status, error)
            });
        }
        let outcomes = tasks.join_all().await;
        let won = outcomes.iter().filter(|(status, _)| *status == StatusCode::SEE_OTHER).count();
        assert_eq!(won, 1, "{outcomes:?}");
        for (status, error) in outcomes.iter().filter(|(status, _)| *status != StatusCode::SEE_OTHER) {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY);
            let error = error.as_deref().unwrap_or_default();
            assert!(error.contains("looks just like it"), "{error}");
        }
        let users = app.store().all_users().await.unwrap();
        let zoes = users.iter().filter(|u| skeleton(&u.display_name) == skeleton("Zoe Park")).count();
        assert_eq!(zoes, 1, "one member is called Zoe Park");
    }

    async fn the_database_itself_refuses_a_look_alike_name(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        // Past the app's check, straight to the store: the unique skeleton refuses.
        let renamed = app.store().set_display_name(ben.id, "ana lopez").await;
        assert!(renamed.as_ref().is_err_and(is_unique_violation), "{renamed:?}");
        let saved = app.store().update_profile(ben.id, "Аna Lopez", "").await;
        assert!(saved.as_ref().is_err_and(is_unique_violation), "{saved:?}");
        // Renaming Ana to a spelling of her own name is no clash.
        app.store().set_display_name(ana.id, "Ana Lopez").await.unwrap();
        // A look-alike a teacher adds on purpose (two real Emma Johnsons) is made
        // without claiming the name, and can still save a bio.
        let twin = app.student("Ana López").await;
        app.store().update_profile(twin.id, "Ana López", "I like maps.").await.unwrap();
    }

    async fn names_stored_before_the_rule_are_claimed_at_start(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ben = app.student("Ben Okafor").await;
        app.student("Chloé Martin").await;
        app.student("Chloe Martin").await; // a look-alike twin
        app.execute("update users set name_skeleton = null").await;
        assert!(app.store().set_display_name(ben.id, "Ms Rivera").await.is_ok(), "nothing claimed yet");
        app.store().set_display_name(ben.id, "Ben Okafor").await.unwrap();
        app.execute("update users set name_skeleton = null").await;

        // Ms Rivera, Ben and one Chloé; the other Chloe stays unclaimed.
        assert_eq!(app.store().fill_name_skeletons().await.unwrap(), 3);
        assert_eq!(app.store().fill_name_skeletons().await.unwrap(), 0, "filling twice changes nothing");
        let renamed = app.store().set_display_name(ben.id, "Ms Rivera").await;
        assert!(renamed.as_ref().is_err_and(is_unique_violation), "{renamed:?}");
    }
}
