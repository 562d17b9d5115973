//! Checks every page type as it is shown: axe-core for WCAG 2.1 A and AA (light and
//! dark), a label on every field, errors tied to their fields, no sideways scrolling at
//! 320 px (400 % zoom) and 640 px (200 % zoom), the Nu HTML Checker on the HTML quire
//! sent, and, with `QUIRE_SCREENSHOTS=1`, screenshots for the README.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::driver::Browser;
use crate::screenshots;
use crate::tools;

/// The WCAG 2.1 A and AA rules, as axe-core tags them.
const WCAG_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// A page with one known error, for checking the checker.
const CANARY: &str = "00-canary.html";
const CANARY_HTML: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Canary</title></head>\
     <body><span><div>A block inside a phrase is an error.</div></span></body></html>";

/// How a page's HTML, as quire sent it, is fetched again for the validator.
pub enum Source {
    /// A `GET` of the page's own address, with the browser's cookies.
    Get,
    /// The form holding the field with this id, sent again with this `action` button.
    Form(&'static str, &'static str),
}

/// What one page got.
struct Checked {
    name: String,
    file: String,
    axe_light: usize,
    axe_dark: usize,
}

/// The checks of one story run; `off()` for runs that only tell the story.
pub struct Audit {
    axe: Option<String>,
    vnu: Option<PathBuf>,
    html_dir: Option<tempfile::TempDir>,
    screenshots: bool,
    checked: Vec<Checked>,
    failures: Vec<String>,
}

impl Audit {
    /// Every check, with the tools found (or a notice, or a CI failure, when missing).
    pub fn on() -> Audit {
        Audit {
            axe: tools::axe_script(),
            vnu: tools::vnu_jar(),
            html_dir: Some(tempfile::tempdir().expect("a folder for pages")),
            screenshots: screenshots::wanted(),
            checked: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// No checks: the Postgres run tells the same story without repeating them.
    pub fn off() -> Audit {
        Audit {
            axe: None,
            vnu: None,
            html_dir: None,
            screenshots: false,
            checked: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// Checks the page `browser` shows as the page type `name`; `shot` names its
    /// screenshot file, for the pages the README shows.
    pub async fn page(
        &mut self,
        browser: &Browser,
        name: &str,
        source: Source,
        shot: Option<&str>,
    ) {
        let Some(html_dir) = &self.html_dir else {
            return;
        };
        let file = format!("{:02}-{}.html", self.checked.len() + 1, slug(name));
        let html = page_source(browser, &source).await;
        std::fs::write(html_dir.path().join(&file), html).expect("the page is saved");
        let mut problems = Vec::new();
        let (axe_light, axe_dark) = match &self.axe {
            Some(axe) => {
                let light = run_axe(browser, axe, &mut problems, "light").await;
                browser.color_scheme("dark").await;
                let dark = run_axe(browser, axe, &mut problems, "dark").await;
                browser.color_scheme("light").await;
                (light, dark)
            }
            None => (0, 0),
        };
        problems.extend(unlabelled_fields(browser).await);
        problems.extend(untied_errors(browser).await);
        for width in [320, 640] {
            browser.resize(width, 800).await;
            problems.extend(sideways_scroll(browser, width).await);
        }
        browser.resize(1280, 800).await;
        if let (true, Some(stem)) = (self.screenshots, shot) {
            screenshots::take(browser, stem).await;
        }
        self.failures
            .extend(problems.into_iter().map(|p| format!("{name}: {p}")));
        self.checked.push(Checked {
            name: name.to_owned(),
            file,
            axe_light,
            axe_dark,
        });
    }

    /// Only the screenshot, for a page type already checked in another state.
    pub async fn screenshot(&self, browser: &Browser, stem: &str) {
        if self.screenshots {
            screenshots::take(browser, stem).await;
        }
    }

    /// The page again in the dark colour scheme, for the README.
    pub async fn dark_screenshot(&self, browser: &Browser, stem: &str) {
        if self.screenshots {
            browser.color_scheme("dark").await;
            screenshots::take(browser, &format!("{stem}-dark")).await;
            browser.color_scheme("light").await;
        }
    }

    /// The page as the print stylesheet lays it out, as a PDF for review (not committed).
    pub async fn print_preview(&self, browser: &Browser, stem: &str) {
        if self.screenshots {
            let pdf = browser
                .client
                .print(fantoccini::wd::PrintConfiguration::default())
                .await
                .expect("Chromium prints the page");
            let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
            std::fs::create_dir_all(&folder).expect("a review folder");
            std::fs::write(folder.join(format!("{stem}.pdf")), pdf).expect("the PDF is saved");
        }
    }

    /// Runs the HTML checker over every page saved, prints the table of page types
    /// and their counts, and fails with every problem found.
    pub fn finish(mut self, expected: &[&str]) {
        let Some(html_dir) = self.html_dir.take() else {
            return;
        };
        for page in expected {
            if !self.checked.iter().any(|c| c.name == *page) {
                self.failures.push(format!("{page}: never checked"));
            }
        }
        let vnu_errors = match &self.vnu {
            Some(jar) => {
                // A page with a known error proves the checker really read the folder.
                std::fs::write(html_dir.path().join(CANARY), CANARY_HTML).expect("the canary");
                let errors = run_vnu(jar, html_dir.path());
                assert!(
                    errors.iter().any(|(file, _)| file == CANARY),
                    "vnu did not report the known error in {CANARY}: {errors:?}"
                );
                errors
            }
            None => Vec::new(),
        };
        let mut table = String::from("page type | axe (light) | axe (dark) | vnu errors\n");
        for c in &self.checked {
            let errors: Vec<&(String, String)> = vnu_errors
                .iter()
                .filter(|(file, _)| *file == c.file)
                .collect();
            let vnu = if self.vnu.is_some() {
                errors.len().to_string()
            } else {
                "not run".to_owned()
            };
            let _ = writeln!(
                table,
                "{} | {} | {} | {vnu}",
                c.name, c.axe_light, c.axe_dark
            );
            self.failures
                .extend(errors.iter().map(|(_, m)| format!("{}: vnu: {m}", c.name)));
        }
        eprintln!("{table}");
        let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-checks.txt");
        let _ = std::fs::write(&report, &table);
        assert!(
            self.failures.is_empty(),
            "{} problem(s):\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The HTML quire sent for the page shown (not the browser's DOM, which the parser
/// has already repaired and scripts may have changed).
async fn page_source(browser: &Browser, source: &Source) -> String {
    let script = match source {
        Source::Get => "var done = arguments[arguments.length - 1];\
             fetch(location.href, { credentials: 'same-origin' })\
               .then(function (r) { return r.text(); }).then(done, function (e) { done('') });"
            .to_owned(),
        Source::Form(field, action) => format!(
            "var done = arguments[arguments.length - 1];\
             var form = document.getElementById('{field}').form;\
             var data = new FormData(form); data.set('action', '{action}');\
             fetch(form.action, {{ method: 'POST', body: data, credentials: 'same-origin' }})\
               .then(function (r) {{ return r.text(); }}).then(done, function (e) {{ done('') }});"
        ),
    };
    let html = browser
        .client
        .execute_async(&script, vec![])
        .await
        .expect("the page's HTML");
    let html = html.as_str().unwrap_or_default().to_owned();
    assert!(!html.is_empty(), "could not fetch the page's HTML again");
    html
}

async fn run_axe(browser: &Browser, axe: &str, problems: &mut Vec<String>, scheme: &str) -> usize {
    if browser.run("return typeof window.axe;").await != "object" {
        browser.run(axe).await;
    }
    let script = format!(
        "var done = arguments[arguments.length - 1];\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {WCAG_TAGS} }}, resultTypes: ['violations'] }})\
           .then(function (r) {{ done(r.violations.map(function (v) {{\
             return {{ id: v.id, impact: v.impact, help: v.help,\
                       targets: v.nodes.map(function (n) {{ return n.target.join(' '); }}) }}; }})); }},\
                 function (e) {{ done([{{ id: 'axe-error', impact: 'n/a', help: String(e), targets: [] }}]); }});"
    );
    let violations = browser
        .client
        .execute_async(&script, vec![])
        .await
        .expect("axe runs");
    let violations = violations.as_array().cloned().unwrap_or_default();
    for v in &violations {
        problems.push(format!(
            "axe ({scheme}): {} [{}] {} at {}",
            v["id"].as_str().unwrap_or_default(),
            v["impact"].as_str().unwrap_or_default(),
            v["help"].as_str().unwrap_or_default(),
            v["targets"]
        ));
    }
    violations.len()
}

/// Every field a person can fill has a label (or a name given another way).
async fn unlabelled_fields(browser: &Browser) -> Vec<String> {
    let found = browser
        .run(
            "return Array.from(document.querySelectorAll('input, select, textarea'))\
               .filter(function (f) { return f.type !== 'hidden'; })\
               .filter(function (f) { return f.labels.length === 0 && !f.getAttribute('aria-label')\
                                             && !f.getAttribute('aria-labelledby'); })\
               .map(function (f) { return f.outerHTML.slice(0, 120); });",
        )
        .await;
    strings(&found)
        .into_iter()
        .map(|f| format!("a field has no label: {f}"))
        .collect()
}

/// A field marked invalid names, in aria-describedby, a visible message that exists.
async fn untied_errors(browser: &Browser) -> Vec<String> {
    let found = browser
        .run(
            "return Array.from(document.querySelectorAll('[aria-invalid=true]'))\
               .filter(function (f) {\
                 var ids = (f.getAttribute('aria-describedby') || '').split(/\\s+/);\
                 return !ids.some(function (id) {\
                   var m = id && document.getElementById(id);\
                   return m && /-error$/.test(id) && m.textContent.trim() !== '' && m.offsetParent !== null;\
                 });\
               })\
               .map(function (f) { return f.id; });",
        )
        .await;
    strings(&found)
        .into_iter()
        .map(|id| format!("the invalid field #{id} is not tied to a visible error"))
        .collect()
}

/// At `width` CSS pixels the page itself must not scroll sideways (a table may, inside
/// its own scrolling box).
async fn sideways_scroll(browser: &Browser, width: u32) -> Vec<String> {
    let found = browser
        .run(
            "var w = document.documentElement.clientWidth;\
             if (document.documentElement.scrollWidth <= w) return [];\
             function scrolls(e) {\
               for (var p = e.parentElement; p; p = p.parentElement) {\
                 if (/auto|scroll|hidden/.test(getComputedStyle(p).overflowX)) return true;\
               }\
               return false;\
             }\
             return ['page width ' + document.documentElement.scrollWidth].concat(\
               Array.from(document.querySelectorAll('body *')).filter(function (e) {\
                 return e.getBoundingClientRect().right > w + 1 && !scrolls(e);\
               }).slice(0, 5).map(function (e) { return e.outerHTML.slice(0, 100); }));",
        )
        .await;
    let culprits = strings(&found);
    if culprits.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "the page scrolls sideways at {width} px; too wide: {}",
        culprits.join(" | ")
    )]
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs vnu once over the folder; returns (file name, message) for each error.
fn run_vnu(jar: &Path, dir: &Path) -> Vec<(String, String)> {
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(dir)
        .output()
        .expect("java runs the Nu HTML Checker");
    // vnu writes its JSON report to standard error.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|error| {
        panic!(
            "vnu's report is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    messages
        .iter()
        .filter(|m| m["type"] == "error" || m["type"] == "non-document-error")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or_default();
            let file = url.rsplit('/').next().unwrap_or_default().to_owned();
            let message = format!(
                "line {}: {} ({})",
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default().trim()
            );
            (file, message)
        })
        .collect()
}
