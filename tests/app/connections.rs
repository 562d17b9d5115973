//! Connection limits against the real server on a free port: a request whose headers
//! never finish, a kept-alive connection left idle, more connections from one address
//! than its cap. Each test sets one limit short and the others long, so whatever closes
//! a connection can only be the limit under test; no test measures a duration.

use std::time::Duration;

use quire::config::{ServeArgs, Settings};
use quire::server;
use quire::web::AppState;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::helpers::{TestApp, both};

/// Far longer than any limit under test: only a broken limit makes a test wait this long.
const GENEROUS: Duration = Duration::from_secs(20);
/// Long enough never to fire during a test.
const NEVER: Duration = Duration::from_secs(600);

/// Serves `app`'s database with `args`; returns the address and the stop switch.
async fn start(app: &TestApp, args: ServeArgs) -> (String, oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let settings = Settings::from_args(&args).unwrap();
    let state = AppState::new(app.store().clone(), settings);
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    (address, stop)
}

/// Whether the server closes `stream` (end of file, or a reset) within [`GENEROUS`];
/// whatever it sends before closing is read and ignored.
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    tokio::time::timeout(GENEROUS, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Sends a whole `GET /healthz` and reads its answer: status line and body.
async fn health(stream: &mut TcpStream) -> (String, String) {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    tokio::time::timeout(GENEROUS, async {
        loop {
            let text = String::from_utf8_lossy(&received).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().ok())?
                    })
                    .unwrap();
                if body.len() >= length {
                    let status = head.lines().next().unwrap().to_owned();
                    return (status, body[..length].to_owned());
                }
            }
            let read = stream.read(&mut buffer).await.unwrap();
            assert!(read > 0, "the server closed the connection mid-answer");
            received.extend_from_slice(&buffer[..read]);
        }
    })
    .await
    .expect("an answer in time")
}

both! {
    async fn headers_that_never_finish_are_cut_off_after_the_header_timeout(app: TestApp) {
        let args = ServeArgs {
            header_timeout: Duration::from_millis(300),
            idle_timeout: NEVER,
            ..ServeArgs::default()
        };
        let (address, stop) = start(&app, args).await;
        let mut slow = TcpStream::connect(&address).await.unwrap();
        // Half a request: the blank line that ends the headers never comes.
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a").await.unwrap();
        assert!(closed_by_server(&mut slow).await, "the half-sent request was held open");

        // A client that sends its headers at once is served as before.
        let mut prompt = TcpStream::connect(&address).await.unwrap();
        let (status, _) = health(&mut prompt).await;
        assert_eq!(status, "HTTP/1.1 200 OK");
        let _ = stop.send(());
    }

    async fn a_kept_alive_connection_left_idle_is_closed_after_the_idle_timeout(app: TestApp) {
        let args = ServeArgs {
            header_timeout: NEVER,
            idle_timeout: Duration::from_millis(300),
            ..ServeArgs::default()
        };
        let (address, stop) = start(&app, args).await;
        let mut browser = TcpStream::connect(&address).await.unwrap();
        let (status, _) = health(&mut browser).await;
        assert_eq!(status, "HTTP/1.1 200 OK");
        // Kept alive (HTTP/1.1), then nothing more is asked for.
        assert!(closed_by_server(&mut browser).await, "the idle connection was held open");
        let _ = stop.send(());
    }

    async fn connections_over_the_per_address_cap_are_closed_and_health_still_answers(app: TestApp) {
        const CAP: usize = 5;
        let args = ServeArgs {
            header_timeout: NEVER,
            idle_timeout: NEVER,
            max_connections_per_address: CAP,
            ..ServeArgs::default()
        };
        let (address, stop) = start(&app, args).await;
        // A flood from this address: half-sent requests, held open by the client.
        let mut held = Vec::new();
        for _ in 0..CAP - 1 {
            let mut stream = TcpStream::connect(&address).await.unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.unwrap();
            held.push(stream);
        }
        // The last place goes to a browser that asks for /healthz once and keeps the
        // connection: it is answered alongside the flood.
        let mut browser = TcpStream::connect(&address).await.unwrap();
        assert_eq!(health(&mut browser).await.0, "HTTP/1.1 200 OK");

        // Past the cap, each new connection is closed at once, without an answer.
        for _ in 0..3 {
            let mut extra = TcpStream::connect(&address).await.unwrap();
            let _ = extra.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
            assert!(closed_by_server(&mut extra).await, "a connection over the cap was kept");
        }

        // The browser's connection within the cap still answers, and once the flood's
        // connections close, their places are free again.
        assert_eq!(health(&mut browser).await.0, "HTTP/1.1 200 OK");
        drop(held);
        let mut fresh = tokio::time::timeout(GENEROUS, async {
            loop {
                let mut stream = TcpStream::connect(&address).await.unwrap();
                if stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.is_ok()
                    && stream.peek(&mut [0u8; 1]).await.is_ok_and(|n| n > 0)
                {
                    return stream;
                }
                // The server may not have noticed the flood closing yet.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("a place frees up once the flood closes");
        let mut answer = [0u8; 17];
        fresh.read_exact(&mut answer).await.unwrap();
        assert_eq!(&answer, b"HTTP/1.1 200 OK\r\n");
        let _ = stop.send(());
    }
}
