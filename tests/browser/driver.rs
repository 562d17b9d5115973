//! A headless Chromium driven through chromedriver, each test with its own driver,
//! browser and fresh profile, all ended when the test ends, even when it fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::tools::{chromedriver, chromium};

/// Whether pages may run JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// quire's enhancement script runs.
    On,
    /// Pages run no script at all, as with a locked-down school browser.
    Off,
}

/// A chromedriver process on a port the system chose.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let mut child = Command::new(chromedriver())
            // Port 0: chromedriver picks a free port and prints it, so there is no race.
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let stdout = child.stdout.take().expect("chromedriver's output");
        let mut lines = BufReader::new(stdout);
        let mut port = None;
        let mut line = String::new();
        while port.is_none() && lines.read_line(&mut line).unwrap_or(0) > 0 {
            port = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|rest| rest.trim().trim_end_matches('.').parse().ok());
            line.clear();
        }
        // Keep reading so that a chatty driver never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        let port = port.expect("chromedriver says which port it listens on");
        Chromedriver { child, port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // `/shutdown` quits the browsers too; killing chromedriver alone leaves Chromium running.
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let request = "GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            if stream.write_all(request.as_bytes()).is_ok() {
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One person's browser, pointed at one quire.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// quire's address, without a trailing slash.
    pub base: String,
    // Dropped after the session: ends the browser, then removes its profile.
    _driver: Chromedriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium for the quire at `base`.
    pub async fn launch(base: &str, script: Script) -> Browser {
        let driver = Chromedriver::start();
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-sync".to_owned(),
            "--no-pings".to_owned(),
            // Every name but quire's own fails to resolve, so no request (the video
            // player's, say) ever leaves this machine.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".to_owned(),
            "--window-size=1280,800".to_owned(),
            "--lang=en-GB".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if script == Script::Off {
            args.push("--blink-settings=scriptEnabled=false".to_owned());
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium(), "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal");
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .expect("chromedriver opens a Chromium session");
        let browser = Browser {
            client,
            base: base.trim_end_matches('/').to_owned(),
            _driver: driver,
            _profile: profile,
        };
        browser.resize(1280, 800).await;
        browser
    }

    /// Sets the size of the page's viewport in CSS pixels (the window around it is
    /// larger by the browser's own bars, which headless Chromium still counts).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .expect("the viewport's size");
        let measured = |i: usize| inner[i].as_u64().unwrap_or(0) as u32;
        let (extra_w, extra_h) = (
            width.saturating_sub(measured(0)),
            height.saturating_sub(measured(1)),
        );
        if extra_w > 0 || extra_h > 0 {
            self.client
                .set_window_size(width + extra_w, height + extra_h)
                .await
                .expect("the window resizes");
        }
    }

    /// Ends the session and the browser.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A Chrome DevTools command, sent through chromedriver's own endpoint for them.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// Emulates the reader's colour scheme (`light` or `dark`), as the system setting would.
    pub async fn color_scheme(&self, scheme: &str) {
        let command = DevTools {
            command: "Emulation.setEmulatedMedia",
            params: json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        };
        self.client
            .issue_cmd(command)
            .await
            .expect("Chromium emulates the colour scheme");
    }

    /// Emulates a media type (`print`), or the screen again with an empty one.
    pub async fn media(&self, media: &str) {
        let command = DevTools {
            command: "Emulation.setEmulatedMedia",
            params: json!({ "media": media }),
        };
        self.client
            .issue_cmd(command)
            .await
            .expect("Chromium emulates the media type");
    }
}
