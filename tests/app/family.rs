//! The family link (issue 12): a secret address that lets families read a class-only
//! blog, and nothing more.

use axum::http::StatusCode;

use crate::class::submit_preview;
use crate::helpers::{Client, TestApp, both};

/// Makes the blog class-only through Settings, as its teacher would.
pub(crate) async fn make_class_only(staff: &mut Client) {
    staff
        .post(
            "/settings",
            &[
                ("title", "Year 6"),
                ("tagline", ""),
                ("visibility", "class"),
                ("time_zone", "UTC"),
            ],
        )
        .await
        .assert_redirect_to("/settings?saved=1");
}

/// Turns the link on (or renews it) and returns its path, as the Family link page shows it.
pub(crate) async fn renew(staff: &mut Client) -> String {
    staff
        .post("/settings/family/renew", &[])
        .await
        .assert_redirect_to("/settings/family?done=renewed");
    let page = staff.get("/settings/family").await;
    let address = page.text("#family-address");
    assert!(
        page.text("#family-note").contains(&address),
        "the note for families carries the address"
    );
    let path = address
        .split_once("/family/")
        .map(|(_, token)| format!("/family/{token}"))
        .unwrap();
    assert!(
        path.len() > "/family/".len() + 40,
        "a long random token: {path}"
    );
    path
}

/// A browser that has followed `link`, now holding the family cookie.
pub(crate) async fn family_browser(app: &TestApp, link: &str) -> Client {
    let mut family = app.client();
    let visit = family.get(link).await;
    visit.assert_redirect_to("/");
    let cookie = visit.header("set-cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    family
}

fn tiny_png() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8 * 8, y as u8 * 9, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

both! {
    async fn a_family_link_reads_the_class_blog_and_nothing_more(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Our trip", "We saw the sea.", "Trips").await;
        let picture = quire::media::store_upload(app.store(), ana.id, "sea.png", tiny_png()).await.unwrap();
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        // Guests may comment, yet a family only reads.
        app.discussion(|d| d.anyone_may_comment = true).await;
        assert!(staff.get("/settings").await.attributes("a[href='/settings/family']", "href").len() == 1);
        staff.get("/settings/family").await.assert_status(StatusCode::OK);
        let link = renew(&mut staff).await;

        let mut outsider = app.client();
        assert!(outsider.get("/").await.location().starts_with("/sign-in?next="), "outsiders still sign in");
        outsider.get("/family/0123456789abcdef").await.assert_status(StatusCode::NOT_FOUND);
        outsider.get("/family/").await.assert_status(StatusCode::NOT_FOUND);

        let mut family = family_browser(&app, &link).await;
        let home = family.get("/").await;
        home.assert_status(StatusCode::OK);
        assert!(home.body.contains("Our trip"));
        assert!(home.header("cache-control").starts_with("private"), "a family's pages are theirs alone");
        let page = family.get("/posts/our-trip").await;
        page.assert_status(StatusCode::OK);
        assert!(page.header("cache-control").starts_with("private"));
        assert!(page.attributes("#comment-form", "action").is_empty(), "no comment form");
        assert!(page.attributes("#comment-body", "name").is_empty());
        let served = family.get(&picture.url).await;
        served.assert_status(StatusCode::OK);
        assert!(served.header("cache-control").starts_with("private"));
        // A forged comment changes nothing.
        let forged = family.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Grandma"), ("body", "Lovely!"), ("started", "1.00"), ("website", ""),
        ]).await;
        forged.assert_status(StatusCode::FORBIDDEN);
        let thread = staff.get("/posts/our-trip").await;
        assert!(!thread.body.contains("Lovely!"));

        // Drafts, moderation, class and settings stay closed.
        let draft = staff.post("/write", &[
            ("title", "Half done"), ("body", "Draft."), ("labels", ""), ("action", "draft"),
        ]).await;
        assert_eq!(draft.status, StatusCode::SEE_OTHER);
        assert_eq!(family.get("/posts/half-done").await.status, StatusCode::NOT_FOUND);
        for path in ["/moderation", "/review", "/class", "/settings", "/settings/family", "/posts", "/trash"] {
            let page = family.get(path).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
            assert!(page.location().starts_with("/sign-in?next="), "{path}");
        }
        assert!(!family.get("/").await.body.contains("Half done"));
    }

    async fn renewing_or_turning_off_ends_every_family_reader(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Our trip", "We saw the sea.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        let old = renew(&mut staff).await;
        let mut family = family_browser(&app, &old).await;
        family.get("/").await.assert_status(StatusCode::OK);
        // The other instance sees it too: nothing is kept in memory.
        let other = app.second_instance().await;
        let mut elsewhere = other.client();
        elsewhere.set_cookie("quire_family", family.cookie("quire_family").unwrap());
        elsewhere.get("/posts/our-trip").await.assert_status(StatusCode::OK);

        let new = renew(&mut staff).await;
        assert_ne!(old, new);
        assert!(family.get("/").await.location().starts_with("/sign-in?next="), "the old cookie ends");
        assert!(elsewhere.get("/posts/our-trip").await.location().starts_with("/sign-in?next="));
        app.client().get(&old).await.assert_status(StatusCode::NOT_FOUND);
        let mut family = family_browser(&app, &new).await;
        family.get("/").await.assert_status(StatusCode::OK);

        staff.post("/settings/family/off", &[]).await.assert_redirect_to("/settings/family?done=off");
        let page = staff.get("/settings/family").await;
        assert!(page.texts("#family-address").is_empty());
        assert!(family.get("/").await.location().starts_with("/sign-in?next="), "turned off, it ends");
        app.client().get(&new).await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn only_a_teacher_changes_the_family_link_and_only_from_this_site(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        let mut student = app.signed_in(&ana).await;
        student.get("/settings/family").await.assert_status(StatusCode::FORBIDDEN);
        student.post("/settings/family/renew", &[]).await.assert_status(StatusCode::FORBIDDEN);
        student.post("/settings/family/off", &[]).await.assert_status(StatusCode::FORBIDDEN);
        assert!(app.store().family_token().await.unwrap().is_none());

        staff.post_from_another_site("/settings/family/renew", &[]).await.assert_status(StatusCode::FORBIDDEN);
        assert!(app.store().family_token().await.unwrap().is_none(), "a cross-site POST changes nothing");
        let link = renew(&mut staff).await;
        staff.post_from_another_site("/settings/family/off", &[]).await.assert_status(StatusCode::FORBIDDEN);
        assert!(app.store().family_token().await.unwrap().is_some());
        app.client().get(&link).await.assert_redirect_to("/");
    }

    async fn each_slip_prints_the_family_link_while_it_is_on(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        let preview = staff.post("/class/students", &[("names", "Ana López\nBen Okafor")]).await;
        let sheet = submit_preview(&mut staff, &preview, "create").await.location().to_owned();
        assert!(staff.get(&sheet).await.texts(".slip-family").is_empty(), "off: no family line");

        let link = renew(&mut staff).await;
        let line = format!("For your family: read the blog at http://127.0.0.1:3000{link}");
        assert_eq!(staff.get(&sheet).await.texts(".slip-family"), [line.clone(), line]);

        let renewed = renew(&mut staff).await;
        let printed = staff.get(&sheet).await.texts(".slip-family");
        assert_eq!(printed.len(), 2);
        assert!(printed.iter().all(|p| p.ends_with(&renewed) && !p.contains(&link)), "{printed:?}");

        staff.post("/settings/family/off", &[]).await.assert_redirect_to("/settings/family?done=off");
        assert!(staff.get(&sheet).await.texts(".slip-family").is_empty(), "turned off: gone");
    }
}
