//! The Nu HTML Checker (vnu), run once over the folder of pages a story saved.

use std::path::Path;

use serde_json::Value;

/// A page with one known error, for checking the checker.
const CANARY: &str = "00-canary.html";
const CANARY_HTML: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Canary</title></head>\
     <body><span><div>A block inside a phrase is an error.</div></span></body></html>";

/// Every error vnu finds in the folder, as (file name, message), after proving with a
/// page of known error that it really read the folder.
pub fn errors_in(jar: &Path, dir: &Path) -> Vec<(String, String)> {
    std::fs::write(dir.join(CANARY), CANARY_HTML).expect("the canary");
    let mut errors = run_vnu(jar, dir);
    assert!(
        errors.iter().any(|(file, _)| file == CANARY),
        "vnu did not report the known error in {CANARY}: {errors:?}"
    );
    errors.retain(|(file, _)| file != CANARY);
    errors
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
