//! Serving: the real server on a free port, health checks, static files,
//! compression, security headers and graceful shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::StatusCode;
use quire::server;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::helpers::{TestApp, both};

struct Running {
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// Binds first, then serves: the port is known before any request, so no sleeping.
async fn start(app: &TestApp) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let state = app.state.clone();
    let task = tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Running {
        address,
        stop,
        task,
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

both! {
    async fn the_health_check_answers_while_the_database_does(app: TestApp) {
        let running = start(&app).await;
        let url = format!("http://{}/healthz", running.address);
        let response = http().get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);

        app.db().close().await;
        let response = http().get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let _ = running.stop.send(());
    }

    async fn static_files_are_cached_for_a_year_and_revalidate(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let running = start(&app).await;
        let home = http().get(format!("http://{}/", running.address)).send().await.unwrap();
        let html = home.text().await.unwrap();
        let href = html
            .split("rel=\"stylesheet\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        assert!(href.starts_with("/static/style.css?v="), "{href}");

        let css = http().get(format!("http://{}{href}", running.address)).send().await.unwrap();
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
        let etag = css.headers()["etag"].clone();
        let again = http()
            .get(format!("http://{}{href}", running.address))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let _ = running.stop.send(());
    }

    async fn responses_are_compressed_when_the_browser_accepts_it(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let running = start(&app).await;
        for encoding in ["gzip", "br"] {
            let response = http()
                .get(format!("http://{}/static/style.css", running.address))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.headers()["content-encoding"], encoding);
        }
        let _ = running.stop.send(());
    }

    async fn every_response_carries_the_security_headers(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let running = start(&app).await;
        for path in ["/", "/sign-in", "/static/style.css", "/healthz", "/missing", "/class"] {
            let response = http().get(format!("http://{}{path}", running.address)).send().await.unwrap();
            let headers = response.headers();
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("default-src 'none'"), "{path}");
            assert!(csp.contains("script-src 'self'"), "{path}");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}");
            assert!(!csp.contains("unsafe-inline"), "{path}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        }
        let _ = running.stop.send(());
    }

    async fn shutdown_lets_the_server_finish_and_exit(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let running = start(&app).await;
        let client = http();
        let response = client.get(format!("http://{}/", running.address)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let _ = running.stop.send(());
        let finished = tokio::time::timeout(Duration::from_secs(5), running.task).await;
        assert!(matches!(finished, Ok(Ok(Ok(())))), "the server did not stop cleanly");
    }
}
