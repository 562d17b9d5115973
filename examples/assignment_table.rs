//! The teacher's assignment table under load (issue 14): 30 students, 200 assignments
//! each answered by every student (6,000 posts), 20,000 comments on those answers.
//! Renders `GET /assignments/{id}/table` for every assignment through the real router,
//! in-process, and prints the times and the query plan of the table's statement.
//!
//! ```text
//! bench/assignments                      # release build, SQLite and (if set) Postgres
//! cargo run --release --example assignment_table -- [POSTGRES_URL]
//! ```
//!
//! SQLite runs on a fresh file in a temporary folder; Postgres in a fresh schema of the
//! given database, dropped afterwards. Postgres is ANALYZEd after seeding, as
//! autovacuum would have done on a live server; SQLite is not (quire never runs it).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use quire::accounts::{NewPassword, Role, Username};
use quire::assignments::AssignmentTitle;
use quire::config::{ServeArgs, Settings};
use quire::db::{Db, Timestamp};
use quire::store::{ANSWER_TABLE, NewAssignment, NewUser, Store};
use quire::web::{AppState, router};
use sqlx::postgres::{PgConnectOptions, PgPool};
use tower::ServiceExt;

const STUDENTS: i64 = 30;
const ASSIGNMENTS: i64 = 200;
const COMMENTS: i64 = 20_000;
const PASSWORD: &str = "correct horse battery";

type Failure = Box<dyn std::error::Error>;

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Db::Sqlite($pool) => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    measure("SQLite", Db::connect(&url).await?).await?;
    if let Some(url) = std::env::args().nth(1) {
        let admin = PgPool::connect(&url).await?;
        let schema = format!("bench_assignments_{}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("create schema {schema}")))
            .execute(&admin)
            .await?;
        let options: PgConnectOptions = url
            .parse::<PgConnectOptions>()?
            .options([("search_path", schema.as_str())]);
        let outcome = measure("Postgres", Db::connect_postgres(options).await?).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("drop schema {schema} cascade")))
            .execute(&admin)
            .await?;
        outcome?;
    }
    Ok(())
}

async fn measure(backend: &str, db: Db) -> Result<(), Failure> {
    db.migrate().await?;
    let store = Store::new(db);
    let started = Instant::now();
    let assignments = seed(&store).await?;
    println!(
        "## {backend}\n\nSeeded in {:.1} s.\n",
        started.elapsed().as_secs_f64()
    );
    let state = AppState::new(store.clone(), Settings::from_args(&ServeArgs::default())?);
    let app = router(state);
    let cookie = sign_in(&app).await?;
    let mut times = Vec::new();
    for round in 0..2 {
        for id in &assignments {
            let request = Request::get(format!("/assignments/{id}/table?sort=answer"))
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, &cookie)
                .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))))
                .body(Body::empty())?;
            let at = Instant::now();
            let response = app.clone().oneshot(request).await?;
            let status = response.status();
            let html = to_bytes(response.into_body(), 4 << 20).await?;
            let took = at.elapsed();
            if status != StatusCode::OK || html.len() < 1000 {
                return Err(format!("table {id}: {status}").into());
            }
            // The first round warms the caches; the second is measured.
            if round == 1 {
                times.push(took);
            }
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "Table page (request to last byte, {} assignments): median {:.2} ms, p95 {:.2} ms, max {:.2} ms\n",
        times.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0))
    );
    println!("```text\n{}```\n", plan(&store, assignments[0]).await?);
    store.db().close().await;
    Ok(())
}

/// 31 accounts, 200 assignments, an answer by every student to each, and 20,000
/// comments by students on classmates' answers: most approved, some waiting or rejected.
async fn seed(store: &Store) -> Result<Vec<i64>, Failure> {
    let hash = quire::auth::password::hash(&NewPassword::parse(PASSWORD, PASSWORD)?).await?;
    let mut students = Vec::new();
    for n in 0..=STUDENTS {
        let (name, role) = match n {
            0 => ("teacher".to_owned(), Role::Teacher),
            _ => (format!("student{n:02}"), Role::Student),
        };
        let new = NewUser {
            username: &Username::parse(&name)?,
            display_name: &name,
            role,
            password_hash: &hash,
        };
        let user = store.create_user(&new).await?;
        if role == Role::Student {
            students.push(user.id);
        }
    }
    let title = AssignmentTitle::parse("An assignment")?;
    let html = quire::posts::markdown::render("Write a post.").html;
    let now = Timestamp::now();
    let mut assignments = Vec::new();
    for n in 0..ASSIGNMENTS {
        let new = NewAssignment {
            title: &title,
            instructions: "Write a post.",
            instructions_html: &html,
            due_at: now + time::Duration::days(n - 100),
            group_id: None,
            comments_required: 2,
            answers_visible_before_due: false,
        };
        assignments.push(store.create_assignment(&new).await?);
    }
    insert_answers_and_comments(store, &students, &assignments).await?;
    Ok(assignments)
}

const INSERT_ANSWER: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, published_at, published_month, created_at, \
     updated_at, comments_open, assignment_id) values ($1, 'An answer', $2, 'Text', \
     '<p>Text</p>', 'Text', 'Text', '', $3, $4, '2026-11', $4, $4, true, $5) returning id";
const INSERT_COMMENT: &str = "insert into comments (post_id, depth, author_id, body, \
     body_html, state, body_hash, address, created_at, updated_at) values ($1, 1, $2, \
     'Nice', '<p>Nice</p>', $3, $4, '127.0.0.1', $5, $5)";

async fn insert_answers_and_comments(
    store: &Store,
    students: &[i64],
    assignments: &[i64],
) -> Result<(), Failure> {
    let now = Timestamp::now();
    let mut random = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: usize| {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        (random % below as u64) as usize
    };
    on_pool!(store.db(), pool => {
        let mut tx = pool.begin().await?;
        let mut answers = Vec::new();
        for assignment in assignments {
            for (n, student) in students.iter().enumerate() {
                let status = if n % 10 == 9 { "draft" } else { "published" };
                let id: i64 = sqlx::query_scalar(INSERT_ANSWER)
                    .bind(student)
                    .bind(format!("answer-{assignment}-{student}"))
                    .bind(status)
                    .bind(now)
                    .bind(assignment)
                    .fetch_one(&mut *tx)
                    .await?;
                answers.push((id, *student));
            }
        }
        for n in 0..COMMENTS {
            let (post, author) = answers[next(answers.len())];
            let commenter = students[(students.iter().position(|s| *s == author).unwrap_or(0)
                + 1 + next(students.len() - 1)) % students.len()];
            let state = match next(20) {
                0 | 1 => "pending",
                2 => "rejected",
                _ => "approved",
            };
            sqlx::query(INSERT_COMMENT)
                .bind(post)
                .bind(commenter)
                .bind(state)
                .bind(format!("{n:064x}"))
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    });
    if let Db::Postgres(pool) = store.db() {
        sqlx::query("analyze").execute(pool).await?;
    }
    Ok(())
}

async fn sign_in(app: &axum::Router) -> Result<String, Failure> {
    let request = Request::post("/sign-in")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))))
        .body(Body::from(format!(
            "username=teacher&password={}",
            PASSWORD.replace(' ', "+")
        )))?;
    let response = app.clone().oneshot(request).await?;
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(quire::web::SESSION_COOKIE))
        .ok_or("signing in gave no session")?;
    Ok(cookie.split(';').next().unwrap_or_default().to_owned())
}

/// The plan of the table's statement for one assignment: SQLite's `EXPLAIN QUERY PLAN`,
/// Postgres's `EXPLAIN ANALYZE`.
async fn plan(store: &Store, assignment: i64) -> Result<String, Failure> {
    let lines: Vec<String> = match store.db() {
        Db::Sqlite(pool) => {
            let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "explain query plan {ANSWER_TABLE}"
            )))
            .bind(assignment)
            .bind(None::<i64>)
            .bind(None::<i64>)
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|(id, parent, _, detail)| format!("{id:>3} {parent:>3} {detail}"))
                .collect()
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "explain (analyze, buffers) {ANSWER_TABLE}"
            )))
            .bind(assignment)
            .bind(None::<i64>)
            .bind(None::<i64>)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(lines.iter().map(|l| format!("{l}\n")).collect())
}
