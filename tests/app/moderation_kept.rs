//! The moderation queue kept drawn in memory (`web/kept_queues.rs`): every
//! comment that starts waiting, and every decision, shows at once on the instance that
//! made it and on every other as soon as the database tells it.

use crate::comments::{comment, comment_id};
use crate::helpers::{Client, Page, TestApp, both};
use crate::moderation::every_filter;

/// Waits until the instance hears every change, so that it keeps what it draws.
async fn keeping(app: &TestApp) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while app.store().members_version().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the instance never heard the database"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

fn texts(page: &Page) -> Vec<String> {
    page.texts(".queue-item .comment-text")
}

/// The comments `queue` shows once it shows `expected` (or after a while, to fail).
async fn told(browser: &mut Client, queue: &str, expected: &[&str]) -> Vec<String> {
    texts(
        &browser
            .get_until(queue, |page| texts(page) == expected)
            .await,
    )
}

both! {
    async fn a_kept_queue_shows_what_either_instance_changes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Rivers", "Wet.", "").await;
        let other = app.second_instance().await;
        keeping(&app).await;
        keeping(&other).await;
        let mut here = app.signed_in(&teacher).await;
        let mut there = other.client();
        there.set_session_cookie(here.session_cookie().expect("signed in"));
        let queues = every_filter(post.id, ben.id);
        for queue in &queues {
            assert!(texts(&there.get(queue).await).is_empty(), "{queue}");
            assert!(texts(&there.get(queue).await).is_empty(), "{queue} kept");
            here.get(queue).await;
        }

        // Left waiting through the first instance: at once in its queues, in the
        // second's as soon as the database tells it.
        let mut student = app.signed_in(&ben).await;
        let salmon = comment_id(&comment(&mut student, post.id, "Salmon swim up them", None).await);
        let trout = comment_id(&comment(&mut student, post.id, "Trout too", None).await);
        let both_waiting = ["Trout too", "Salmon swim up them"];
        for queue in &queues {
            assert_eq!(texts(&here.get(queue).await), both_waiting, "{queue}");
            assert_eq!(told(&mut there, queue, &both_waiting).await, both_waiting, "{queue}");
        }
        here.get("/moderation?state=approved").await;
        here.get("/moderation?state=rejected").await;

        // Decided on the second: the first's kept queues show it when told.
        there.post("/moderation", &[("one", &format!("reject:{salmon}"))]).await;
        assert_eq!(texts(&there.get("/moderation").await), ["Trout too"], "at once where decided");
        assert_eq!(told(&mut here, "/moderation", &["Trout too"]).await, ["Trout too"]);
        let rejected = ["Salmon swim up them"];
        assert_eq!(told(&mut here, "/moderation?state=rejected", &rejected).await, rejected);
        there.post("/moderation", &[("one", &format!("approve:{trout}"))]).await;
        assert!(told(&mut here, "/moderation", &[]).await.is_empty());
        assert_eq!(told(&mut here, "/moderation?state=approved", &["Trout too"]).await, ["Trout too"]);
        there.post("/moderation", &[("one", &format!("delete:{trout}"))]).await;
        assert!(told(&mut here, "/moderation?state=approved", &[]).await.is_empty());
        let state = |page: &Page| page.texts(".queue-meta").first().and_then(|m| m.split(" · ").next().map(str::to_owned));
        let all = here.get_until(&queues[3], |page| state(page).as_deref() == Some("Deleted")).await;
        assert_eq!(texts(&all), both_waiting);
        assert_eq!(state(&all).as_deref(), Some("Deleted"));
    }
}
