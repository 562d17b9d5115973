//! Checks of the page shown that axe-core leaves to us: labels, errors tied to their
//! fields, and reflow at narrow widths.

use serde_json::Value;

use crate::driver::Browser;

/// Every field a person can fill has a label (or a name given another way).
pub async fn unlabelled_fields(browser: &Browser) -> Vec<String> {
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
pub async fn untied_errors(browser: &Browser) -> Vec<String> {
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
pub async fn sideways_scroll(browser: &Browser, width: u32) -> Vec<String> {
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
