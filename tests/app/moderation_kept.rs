//! The moderation queue kept drawn in memory (`web/kept_queues.rs`): every
//! comment that starts waiting, and every decision, shows at once on every instance.

use crate::comments::{comment, comment_id};
use crate::helpers::{Page, TestApp, both};
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

both! {
    async fn a_kept_queue_shows_what_either_instance_changes_at_once(app: TestApp) {
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

        // Left waiting through the first instance: in the second's queues at once.
        let mut student = app.signed_in(&ben).await;
        let salmon = comment_id(&comment(&mut student, post.id, "Salmon swim up them", None).await);
        let trout = comment_id(&comment(&mut student, post.id, "Trout too", None).await);
        for queue in &queues {
            assert_eq!(texts(&there.get(queue).await), ["Trout too", "Salmon swim up them"], "{queue}");
        }
        here.get("/moderation?state=approved").await;
        here.get("/moderation?state=rejected").await;

        // Decided on the second: the first's kept queues show it at once.
        there.post("/moderation", &[("one", &format!("reject:{salmon}"))]).await;
        assert_eq!(texts(&here.get("/moderation").await), ["Trout too"]);
        assert_eq!(texts(&here.get("/moderation?state=rejected").await), ["Salmon swim up them"]);
        there.post("/moderation", &[("one", &format!("approve:{trout}"))]).await;
        assert!(texts(&here.get("/moderation").await).is_empty());
        assert_eq!(texts(&here.get("/moderation?state=approved").await), ["Trout too"]);
        there.post("/moderation", &[("one", &format!("delete:{trout}"))]).await;
        assert!(texts(&here.get("/moderation?state=approved").await).is_empty());
        assert_eq!(texts(&here.get(&queues[3]).await), ["Trout too", "Salmon swim up them"]);
        assert_eq!(here.get(&queues[3]).await.texts(".queue-meta")[0].split(" · ").next(), Some("Deleted"));
    }
}
