//! The static copies opened from a folder (`file://`) in Chromium, with no server:
//! every page reached by following links from `index.html`, every link leads to a page
//! that opens, every picture and the stylesheet load, every `#anchor` exists.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use quire::export::{self, Scope};
use quire::store::Store;
use serde_json::Value;

use crate::driver::Browser;

/// A seeded class, plus a post with a picture and a video.
pub async fn seeded_class(store: &Store) -> quire::accounts::User {
    let options = quire::dev::seed::SeedOptions {
        students: 4,
        posts: 40,
        comments: quire::dev::seed::MIN_COMMENTS,
        rng_seed: 7,
    };
    quire::dev::seed::seed(store, &options)
        .await
        .expect("a seeded class");
    let users = store.all_users().await.expect("the accounts");
    let author = users
        .into_iter()
        .find(|user| !user.is_teacher())
        .expect("a student");
    let picture =
        image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 90]));
    let mut png = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("a PNG");
    let upload = quire::media::store_upload(store, author.id, "sea.png", png.into_inner())
        .await
        .expect("the picture is kept");
    let body = format!(
        "The sea was calm.\n\n![The calm sea]({} \"Our beach\")\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ",
        upload.url
    );
    publish(store, &author, "At the beach", &body).await;
    author
}

async fn publish(store: &Store, author: &quire::accounts::User, title: &str, body: &str) {
    crate::publishing::publish_now(store, author.id, title, body, "Trips").await;
}

/// What a page in the browser shows of itself: its links (absolute), the ids on it,
/// pictures that did not load, and whether its stylesheet did.
const LOOK: &str = "\
    return {\
      links: Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.href; }),\
      ids: Array.from(document.querySelectorAll('[id]')).map(function (e) { return e.id; }),\
      broken_pictures: Array.from(document.images)\
        .filter(function (i) { return !i.complete || i.naturalWidth === 0; })\
        .map(function (i) { return i.getAttribute('src'); }),\
      styled: Array.from(document.querySelectorAll('link[rel=stylesheet]'))\
        .every(function (l) { return l.sheet !== null; }) && document.styleSheets.length > 0,\
      has_main: document.querySelector('main') !== null,\
      forms: document.forms.length + document.scripts.length\
    };";

/// Opens `dir/index.html` and follows every link inside the copy; the problems found,
/// and how many pages were opened.
pub async fn walk_from_folder(browser: &Browser, dir: &Path) -> (Vec<String>, usize) {
    let root = url::Url::from_directory_path(dir).expect("a folder address");
    let start = root.join("index.html").expect("the index");
    let mut problems = Vec::new();
    let mut queue = VecDeque::from([start.to_string()]);
    let mut opened = BTreeSet::from([start.to_string()]);
    let mut anchors: Vec<(String, String, String)> = Vec::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    while let Some(page) = queue.pop_front() {
        browser.client.goto(&page).await.expect("the file opens");
        let look = browser
            .client
            .execute(LOOK, vec![])
            .await
            .expect("the page answers");
        if look["has_main"] != Value::Bool(true) {
            problems.push(format!("{page} does not open as a page"));
            continue;
        }
        if look["styled"] != Value::Bool(true) {
            problems.push(format!("{page}: the stylesheet did not load"));
        }
        if look["forms"].as_u64() != Some(0) {
            problems.push(format!("{page}: a form or script is left"));
        }
        for picture in strings(&look["broken_pictures"]) {
            problems.push(format!("{page}: the picture {picture} did not load"));
        }
        ids.insert(page.clone(), strings(&look["ids"]).into_iter().collect());
        for link in strings(&look["links"]) {
            let mut target = url::Url::parse(&link).expect("an absolute link");
            if target.scheme() == "https" {
                continue;
            }
            if target.scheme() != "file" || !target.as_str().starts_with(root.as_str()) {
                problems.push(format!("{page}: {link} leads outside the copy"));
                continue;
            }
            let fragment = target.fragment().map(str::to_owned);
            target.set_fragment(None);
            let file = target.to_string();
            if let Some(fragment) = fragment {
                anchors.push((page.clone(), file.clone(), fragment));
            }
            if opened.insert(file.clone()) {
                queue.push_back(file);
            }
        }
    }
    for (page, file, fragment) in anchors {
        let found = ids.get(&file).is_some_and(|on| on.contains(&fragment));
        if !found && ids.contains_key(&file) {
            problems.push(format!("{page}: #{fragment} is not on {file}"));
        }
    }
    (problems, opened.len())
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Writes the blog, and `author`'s work, into folders, and walks both in Chromium.
pub async fn open_the_copies(
    site: &axum::Router,
    store: &Store,
    author: &quire::accounts::User,
    browser: &Browser,
) {
    let dir = tempfile::tempdir().expect("a folder");
    let summary = export::to_folder(site, &Scope::Site, dir.path().to_owned())
        .await
        .expect("the blog is copied");
    let (problems, opened) = walk_from_folder(browser, dir.path()).await;
    assert_eq!(problems, Vec::<String>::new(), "the blog's copy");
    assert!(
        opened as u64 >= summary.pages,
        "every page is reached: {opened} of {summary:?}"
    );

    let work = tempfile::tempdir().expect("a folder");
    let scope = export::portfolio_of(store, author)
        .await
        .expect("the posts");
    export::to_folder(site, &scope, work.path().to_owned())
        .await
        .expect("the work is copied");
    let (problems, opened) = walk_from_folder(browser, work.path()).await;
    assert_eq!(problems, Vec::<String>::new(), "the student's work");
    assert!(opened > 1, "the index and the posts");
}
