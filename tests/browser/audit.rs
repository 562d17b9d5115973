//! Checks every page type as it is shown: axe-core for WCAG 2.1 A and AA (light and
//! dark), a label on every field, errors tied to their fields, no sideways scrolling at
//! 320 px (400 % zoom) and 640 px (200 % zoom), the Nu HTML Checker on the HTML quire
//! sent, and, with `QUIRE_SCREENSHOTS=1`, screenshots for the README.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::driver::Browser;
use crate::page_checks;
use crate::screenshots;
use crate::tools;
use crate::vnu;

/// The WCAG 2.1 A and AA rules, as axe-core tags them.
const WCAG_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// How a page's HTML, as quire sent it, is fetched again for the validator.
pub enum Source {
    /// A `GET` of the page's own address, with the browser's cookies.
    Get,
    /// The form holding the field with this id, sent again (with this `action` button,
    /// unless empty).
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
        problems.extend(page_checks::unlabelled_fields(browser).await);
        problems.extend(page_checks::untied_errors(browser).await);
        for width in [320, 640] {
            browser.resize(width, 800).await;
            problems.extend(page_checks::sideways_scroll(browser, width).await);
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

    /// Whether this run takes screenshots.
    pub fn screenshots_wanted(&self) -> bool {
        self.screenshots
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
            Some(jar) => vnu::errors_in(jar, html_dir.path()),
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
             var data = new FormData(form); if ('{action}') data.set('action', '{action}');\
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
