//! Static copies: the public blog as pages that open from a folder, and a member's own
//! work as a zip. Only what a reader of a public blog sees goes out, and every link and
//! picture of a copy leads to a file inside it.

use std::io::Read;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use quire::accounts::User;
use quire::export::{self, Scope};
use scraper::{Html, Selector};

use crate::comments::comment;
use crate::feedback::{SECRET, give_feedback};
use crate::helpers::{Client, Page, TestApp, both};

/// A small class-only blog: Ana's post with a picture, a video, two comments (one
/// approved, one waiting) and the teacher's private feedback, Ana's draft, and Ben's post. Returns (teacher, Ana, Ben, the
/// picture's address).
async fn class_blog(app: &TestApp) -> (User, User, User, String) {
    let teacher = app.teacher("Ms Rivera").await;
    let ana = app.student("Ana Lopez").await;
    let ben = app.student("Ben Okafor").await;
    app.settings(|s| s.public = false).await;
    let picture = quire::media::store_upload(app.store(), ana.id, "lava.png", tiny_png())
        .await
        .unwrap();
    let body = format!(
        "Lava is hot.\n\n![Red lava]({})\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ",
        picture.url
    );
    let post = app
        .published_post(&ana, "Volcanoes", &body, "Science")
        .await;
    app.published_post(&ben, "Kites", "Mine flies high.", "Play")
        .await;
    draft(app, &ana, "Secret draft").await;
    let mut staff = app.signed_in(&teacher).await;
    comment(&mut staff, post.id, "Lovely colours, Ana.", None).await;
    give_feedback(&mut staff, &post, SECRET)
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut classmate = app.signed_in(&ben).await;
    comment(&mut classmate, post.id, "Waiting words", None).await;
    (teacher, ana, ben, picture.url)
}

async fn draft(app: &TestApp, author: &User, title: &str) {
    use quire::posts::{Body, Labels, PostContent, Title};
    let content = PostContent::new(
        Title::parse(title).unwrap(),
        Body::parse("Not ready.").unwrap(),
        Labels::parse("").unwrap(),
    );
    app.store()
        .create_post(&quire::store::NewPost {
            author_id: author.id,
            content: &content,
        })
        .await
        .unwrap();
}

fn tiny_png() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(16, 12, |x, y| image::Rgb([x as u8 * 9, y as u8 * 9, 60]));
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

/// Every HTML file below `dir`.
fn pages_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(pages_in(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found
}

/// Links, pictures and stylesheets of the copy in `dir` that lead to no file in it.
fn broken_links(dir: &Path) -> Vec<String> {
    let any = Selector::parse("a[href], img[src], link[href]").unwrap();
    let mut broken = Vec::new();
    for page in pages_in(dir) {
        let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        for element in html.select(&any) {
            let value = element
                .attr("href")
                .or(element.attr("src"))
                .unwrap_or_default();
            if value.starts_with('#') || value.starts_with("https://") {
                continue;
            }
            let file = value.split(['#', '?']).next().unwrap_or_default();
            let target = page.parent().unwrap().join(file);
            if value.starts_with('/') || !target.is_file() || !target.starts_with(dir) {
                broken.push(format!("{} -> {value}", page.display()));
            }
        }
    }
    broken
}

/// Everything the copy in `dir` says, in one string.
fn all_text(dir: &Path) -> String {
    pages_in(dir)
        .iter()
        .map(|page| std::fs::read_to_string(page).unwrap())
        .collect()
}

/// Unpacks a downloaded zip into `dir`.
fn unzip(download: &Page, dir: &Path) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(download.bytes.to_vec())).unwrap();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let path = dir.join(entry.enclosed_name().unwrap());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Downloads the zip at `path` as `browser` and unpacks it; the folder inside.
async fn download(browser: &mut Client, path: &str, dir: &Path) -> PathBuf {
    let answer = browser.post(path, &[]).await;
    answer.assert_status(StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/zip");
    unzip(&answer, dir);
    let folders: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "one folder: {folders:?}");
    folders[0].clone()
}

both! {
    async fn the_blog_copy_holds_what_a_public_reader_sees_and_every_link_works(app: TestApp) {
        let (_, _, _, picture) = class_blog(&app).await;
        let dir = tempfile::tempdir().unwrap();
        let summary = export::to_folder(&app.router, &Scope::Site, dir.path().to_owned()).await.unwrap();
        assert!(summary.pages >= 8, "{summary:?}");
        for file in ["index.html", "posts/volcanoes.html", "posts/kites.html", "u/ana.lopez.html",
            "labels.html", "labels/science.html", "archive.html", "static/style.css"] {
            assert!(dir.path().join(file).is_file(), "{file}");
        }
        let id = picture.trim_start_matches("/media/");
        let pictures: Vec<String> = std::fs::read_dir(dir.path().join("media")).unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(pictures, [format!("{id}.jpg")], "the picture, as the app serves it");
        assert_eq!(broken_links(dir.path()), Vec::<String>::new());

        let text = all_text(dir.path());
        for absent in ["Secret draft", "Waiting words", "Kilimanjaro", "<form", "<script", "sign-in", "Sign in"] {
            assert!(!text.contains(absent), "{absent} is not in the copy");
        }
        let post = std::fs::read_to_string(dir.path().join("posts/volcanoes.html")).unwrap();
        assert!(post.contains("Lovely colours, Ana."), "the approved comment");
        assert!(post.contains(&format!("src=\"../media/{id}.jpg\"")), "the picture, relative");
        assert!(post.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""), "the video links out");
    }

    async fn a_teacher_downloads_the_blog_and_a_students_work_and_a_student_only_their_own(app: TestApp) {
        let (teacher, ana, _, _) = class_blog(&app).await;
        let mut staff = app.signed_in(&teacher).await;
        let page = staff.get("/settings/backups").await;
        assert_eq!(page.attributes("form[action='/settings/backups/site'] button", "type"), ["submit"]);
        let site = tempfile::tempdir().unwrap();
        let folder = download(&mut staff, "/settings/backups/site", site.path()).await;
        assert!(folder.join("posts/kites.html").is_file());
        assert_eq!(broken_links(&folder), Vec::<String>::new());

        let class = staff.get("/class").await;
        let button = format!("button[formaction='/class/students/{}/work']", ana.id);
        assert_eq!(class.attributes(&button, "type"), ["submit"], "Download work on Ana's row");
        let work = tempfile::tempdir().unwrap();
        let folder = download(&mut staff, &format!("/class/students/{}/work", ana.id), work.path()).await;
        assert!(folder.file_name().unwrap().to_string_lossy().starts_with("ana.lopez-work-"));
        assert!(folder.join("posts/volcanoes.html").is_file());
        assert!(!folder.join("posts/kites.html").exists(), "only Ana's posts");

        let mut student = app.signed_in(&ana).await;
        let account = student.get("/account").await;
        assert_eq!(account.attributes("form[action='/account/work'] button", "type"), ["submit"]);
        let own = tempfile::tempdir().unwrap();
        let folder = download(&mut student, "/account/work", own.path()).await;
        let index = std::fs::read_to_string(folder.join("index.html")).unwrap();
        assert!(index.contains("Volcanoes") && !index.contains("Kites"), "{index}");
        assert!(std::fs::read_to_string(folder.join("posts/volcanoes.html")).unwrap().contains("Lovely colours, Ana."));
        assert_eq!(pages_in(&folder).len(), 2, "the index and the one published post");
        assert_eq!(broken_links(&folder), Vec::<String>::new());
        let text = all_text(&folder);
        for absent in ["Secret draft", "Waiting words", "Kilimanjaro", "Kites"] {
            assert!(!text.contains(absent), "{absent} is not in Ana's work");
        }
    }

    async fn nobody_else_downloads_a_students_work(app: TestApp) {
        let (teacher, ana, ben, _) = class_blog(&app).await;
        let mut classmate = app.signed_in(&ben).await;
        for path in [format!("/class/students/{}/work", ana.id), "/settings/backups/site".to_owned()] {
            let refused = classmate.post(&path, &[]).await;
            refused.assert_status(StatusCode::FORBIDDEN);
            assert!(!refused.header("content-type").contains("zip"), "{path}");
        }
        app.client().post("/account/work", &[]).await.assert_redirect_to("/sign-in?next=%2Faccount%2Fwork");
        let mut staff = app.signed_in(&teacher).await;
        let forged = staff.post_from_another_site(&format!("/class/students/{}/work", ana.id), &[]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(!forged.header("content-type").contains("zip"));
        let forged = app.signed_in(&ana).await.post_from_another_site("/account/work", &[]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        staff.post("/class/students/999999/work", &[]).await.assert_status(StatusCode::NOT_FOUND);
    }
}
