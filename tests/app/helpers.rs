//! The test harness: a fresh app per test on SQLite (and on Postgres when
//! `QUIRE_TEST_POSTGRES` is set), a client that behaves like a browser, and
//! fixtures built through the store's own API.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use quire::accounts::{DisplayName, NewPassword, Role, User, Username};
use quire::auth::password;
use quire::config::{ServeArgs, Settings};
use quire::db::Db;
use quire::store::{NewUser, Store};
use quire::web::{AppState, SESSION_COOKIE, router};
use scraper::{Html, Selector};
use sqlx::postgres::PgConnectOptions;

use crate::postgres_schema::{PgSchema, fresh_schema};
use tower::ServiceExt;

/// The origin the test client pretends to browse from.
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// The password every fixture account gets.
pub const PASSWORD: &str = "correct horse battery";

/// Runs each test body twice: on a fresh SQLite file, and on a fresh Postgres schema.
macro_rules! both {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        mod $name {
            use super::*;

            async fn run($app: TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(TestApp::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = TestApp::postgres().await {
                    run(app).await;
                }
            }
        }
    )*};
}
pub(crate) use both;

/// One quire, on its own fresh database.
pub struct TestApp {
    /// What handlers see.
    pub state: AppState,
    /// The whole app, called in-process.
    pub router: Router,
    database: TestDatabase,
    _schema: Option<PgSchema>,
    _dir: Option<tempfile::TempDir>,
}

/// How to open the same database again (for a second instance).
#[derive(Clone)]
enum TestDatabase {
    Sqlite(String),
    Postgres(Box<PgConnectOptions>),
}

impl TestApp {
    /// A fresh SQLite file in a temporary folder.
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("quire.db").display());
        let database = TestDatabase::Sqlite(url);
        let mut app = TestApp::open(database).await;
        app._dir = Some(dir);
        app
    }

    /// A fresh schema on `QUIRE_TEST_POSTGRES`; `None` (with a notice) when it is unset.
    /// When it is set and Postgres does not answer, the test fails.
    pub async fn postgres() -> Option<TestApp> {
        let (schema, options) = fresh_schema("test").await?;
        let mut app = TestApp::open(TestDatabase::Postgres(Box::new(options))).await;
        app._schema = Some(schema);
        Some(app)
    }

    async fn open(database: TestDatabase) -> TestApp {
        let store = open_store(&database).await;
        TestApp::with_store(store, database, &ServeArgs::default())
    }

    fn with_store(store: Store, database: TestDatabase, args: &ServeArgs) -> TestApp {
        let settings = Settings::from_args(args).expect("valid settings");
        let state = AppState::new(store, settings);
        // As `serve` does: listen for changes other instances make.
        state.store.watch_content();
        TestApp {
            router: router(state.clone()),
            state,
            database,
            _schema: None,
            _dir: None,
        }
    }

    /// A second quire process on the same database, as behind a load balancer.
    pub async fn second_instance(&self) -> TestApp {
        let store = open_store(&self.database).await;
        TestApp::with_store(store, self.database.clone(), &ServeArgs::default())
    }

    /// The same database served under another base URL (https, say).
    pub async fn with_base_url(&self, base_url: &str) -> TestApp {
        let store = open_store(&self.database).await;
        let args = ServeArgs {
            base_url: Some(base_url.parse().expect("a valid URL")),
            ..ServeArgs::default()
        };
        TestApp::with_store(store, self.database.clone(), &args)
    }

    /// The store, for fixtures and for checking what changed.
    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// The database, for the few tests that must reach past the store (ageing rows).
    pub fn db(&self) -> &Db {
        self.store().db()
    }

    /// What the store does after its own writes: this instance's kept pages go. Only
    /// raw SQL, written around the store, needs to say so itself.
    fn changed(&self) {
        self.store().content_changed();
    }

    /// Runs one SQL statement (to age a row, say). Same SQL on both backends.
    pub async fn execute(&self, sql: &'static str) {
        match self.db() {
            Db::Sqlite(pool) => {
                sqlx::query(sql)
                    .execute(pool)
                    .await
                    .expect("statement runs");
            }
            Db::Postgres(pool) => {
                sqlx::query(sql)
                    .execute(pool)
                    .await
                    .expect("statement runs");
            }
        }
        self.changed();
    }

    /// Runs one SQL statement with a time bound to `$1` (to move an expiry, say).
    pub async fn execute_at(&self, sql: &'static str, at: quire::db::Timestamp) {
        match self.db() {
            Db::Sqlite(pool) => {
                sqlx::query(sql)
                    .bind(at)
                    .execute(pool)
                    .await
                    .expect("statement runs");
            }
            Db::Postgres(pool) => {
                sqlx::query(sql)
                    .bind(at)
                    .execute(pool)
                    .await
                    .expect("statement runs");
            }
        }
        self.changed();
    }

    /// A browser with no cookies.
    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: HashMap::new(),
            address: SocketAddr::from(([192, 0, 2, 10], 50_000)),
        }
    }

    /// Creates an account with [`PASSWORD`] through the store.
    pub async fn user(&self, display_name: &str, role: Role) -> User {
        let name = DisplayName::parse(display_name).expect("a valid name");
        let hash = password::hash(&NewPassword::parse(PASSWORD, PASSWORD).expect("valid"))
            .await
            .expect("hashing works");
        self.store()
            .create_user_numbering_username(&NewUser {
                username: &Username::suggest_for(name.as_str()),
                display_name: name.as_str(),
                role,
                password_hash: &hash,
            })
            .await
            .expect("user created")
    }

    /// A teacher account (which also completes set-up).
    pub async fn teacher(&self, display_name: &str) -> User {
        self.user(display_name, Role::Teacher).await
    }

    /// A student account.
    pub async fn student(&self, display_name: &str) -> User {
        self.user(display_name, Role::Student).await
    }

    /// A published post by `author`, made through the store as the Write page would.
    pub async fn published_post(
        &self,
        author: &User,
        title: &str,
        body: &str,
        labels: &str,
    ) -> quire::posts::Post {
        let store = self.store();
        let id = crate::publishing::publish_now(store, author.id, title, body, labels).await;
        store
            .post_by_id(id)
            .await
            .expect("post read")
            .expect("post exists")
    }

    /// Changes the discussion settings through the store, as the Settings page would.
    pub async fn discussion(&self, change: impl FnOnce(&mut quire::comments::DiscussionSettings)) {
        let mut settings = self.store().site_settings().await.expect("settings read");
        change(&mut settings.discussion);
        self.store()
            .save_site_settings(&settings)
            .await
            .expect("settings saved");
    }

    /// Changes any site setting through the store, as the Settings page would.
    pub async fn settings(&self, change: impl FnOnce(&mut quire::store::SiteSettings)) {
        let mut settings = self.store().site_settings().await.expect("settings read");
        change(&mut settings);
        self.store()
            .save_site_settings(&settings)
            .await
            .expect("settings saved");
    }

    /// A client already signed in as `user`.
    pub async fn signed_in(&self, user: &User) -> Client {
        let mut client = self.client();
        client
            .sign_in(&user.username, PASSWORD)
            .await
            .assert_redirect_to("/");
        client
    }
}

async fn open_store(database: &TestDatabase) -> Store {
    let db = match database {
        TestDatabase::Sqlite(url) => Db::connect(url).await,
        TestDatabase::Postgres(options) => Db::connect_postgres((**options).clone()).await,
    }
    .expect("the test database opens");
    db.migrate().await.expect("migrations apply");
    Store::new(db)
}

/// A browser: keeps cookies, says where its forms come from, never follows redirects.
pub struct Client {
    router: Router,
    cookies: HashMap<String, String>,
    /// The address the server sees this browser at.
    pub address: SocketAddr,
}

impl Client {
    /// Gets `path` until `shows` holds of the page, for up to fifteen seconds (a loaded machine is slow to hear): what another
    /// instance shows once the database has told it of a change.
    pub async fn get_until(&mut self, path: &str, shows: impl Fn(&Page) -> bool) -> Page {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let page = self.get(path).await;
            if shows(&page) || std::time::Instant::now() > deadline {
                return page;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// `GET path`
    pub async fn get(&mut self, path: &str) -> Page {
        let request = Request::builder().method(Method::GET).uri(path);
        self.send(request, Body::empty()).await
    }

    /// Submits a form from a page of this site.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .form_request(path)
            .header("sec-fetch-site", "same-origin");
        self.send(request, form_body(fields)).await
    }

    /// Submits a multipart form (with a file, say) from a page of this site.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<Upload<'_>>,
    ) -> Page {
        let boundary = "quire-test-boundary-7d93";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        if let Some(file) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                    file.field, file.file_name, file.content_type
                )
                .as_bytes(),
            );
            body.extend_from_slice(file.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::ORIGIN, ORIGIN)
            .header("sec-fetch-site", "same-origin")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
        self.send(request, Body::from(body)).await
    }

    /// Submits a form as another site's page would.
    pub async fn post_from_another_site(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .form_request_from(path, "https://evil.example")
            .header("sec-fetch-site", "cross-site");
        self.send(request, form_body(fields)).await
    }

    /// Submits a form as an old browser would from another site: `Origin` but no `Sec-Fetch-Site`.
    pub async fn post_from_another_origin(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self.form_request_from(path, "https://evil.example");
        self.send(request, form_body(fields)).await
    }

    /// Sends a hand-made request (raw bodies, odd headers), keeping cookies.
    pub async fn send_raw(&mut self, request: axum::http::request::Builder, body: Body) -> Page {
        self.send(request, body).await
    }

    fn form_request(&self, path: &str) -> axum::http::request::Builder {
        self.form_request_from(path, ORIGIN)
    }

    fn form_request_from(&self, path: &str, origin: &str) -> axum::http::request::Builder {
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
    }

    /// Signs in through the form.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Page {
        self.post(
            "/sign-in",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// The session cookie this browser holds, if any.
    pub fn session_cookie(&self) -> Option<&str> {
        self.cookies.get(SESSION_COOKIE).map(String::as_str)
    }

    /// Replaces the session cookie (to replay an old one, say).
    pub fn set_session_cookie(&mut self, value: &str) {
        self.cookies
            .insert(SESSION_COOKIE.to_owned(), value.to_owned());
    }

    /// A cookie this browser holds, by name.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Gives this browser a cookie (one copied from another browser, say).
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Page {
        let mut request = request.header(header::HOST, "127.0.0.1:3000");
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(body).expect("a valid request");
        request.extensions_mut().insert(ConnectInfo(self.address));
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().expect("ASCII cookie");
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let removed = value.is_empty() || text.contains("Max-Age=0");
                if removed {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .expect("a readable body");
        Page {
            status,
            headers,
            body: Arc::new(String::from_utf8_lossy(&bytes).into_owned()),
            bytes,
        }
    }
}

fn form_body(fields: &[(&str, &str)]) -> Body {
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    Body::from(encoded)
}

/// A file in a multipart form.
pub struct Upload<'a> {
    /// The form field's name.
    pub field: &'a str,
    /// The file name the browser sends.
    pub file_name: &'a str,
    /// The declared type.
    pub content_type: &'a str,
    /// The bytes.
    pub bytes: &'a [u8],
}

/// A response, with helpers that read it as a person would.
#[derive(Clone, Debug)]
pub struct Page {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: Arc<String>,
    /// The body's bytes, for downloads that are not text.
    pub bytes: axum::body::Bytes,
}

impl Page {
    /// The parsed HTML.
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The trimmed text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of the first element matching `selector`, or an empty string.
    pub fn text(&self, selector: &str) -> String {
        self.texts(selector).into_iter().next().unwrap_or_default()
    }

    /// The attribute `name` of every element matching `selector`.
    pub fn attributes(&self, selector: &str, name: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    /// The page's `<h1>`.
    pub fn heading(&self) -> String {
        self.text("h1")
    }

    /// The texts of the main navigation's links and buttons.
    pub fn nav(&self) -> Vec<String> {
        self.texts("nav[aria-label=Main] li")
    }

    /// The value of the input or text area with this id, as the browser would show it.
    pub fn field_value(&self, id: &str) -> String {
        let input = self.attributes(&format!("input#{id}"), "value");
        match input.into_iter().next() {
            Some(value) => value,
            None => self.text(&format!("textarea#{id}")),
        }
    }

    /// The error message shown beside a field (tied to it by aria-describedby).
    pub fn field_error(&self, id: &str) -> String {
        let described_by = self
            .attributes(&format!("#{id}"), "aria-describedby")
            .into_iter()
            .next()
            .unwrap_or_default();
        assert!(
            described_by.contains(&format!("{id}-error")),
            "field {id} is not tied to an error; aria-describedby={described_by:?}"
        );
        self.text(&format!("#{id}-error"))
            .trim_start_matches("Error:")
            .trim()
            .to_owned()
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Asserts a 303 to `path`.
    pub fn assert_redirect_to(&self, path: &str) -> &Page {
        assert_eq!(
            self.status,
            StatusCode::SEE_OTHER,
            "expected a redirect: {}",
            self.body
        );
        assert_eq!(self.location(), path);
        self
    }

    /// Asserts a status.
    pub fn assert_status(&self, status: StatusCode) -> &Page {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        self
    }
}
