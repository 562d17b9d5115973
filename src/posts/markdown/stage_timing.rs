//! Where rendering time goes, stage by stage, for hostile shapes:
//! `SIZES=2500,5000,10000 cargo test --lib stage_timing -- --ignored --nocapture`.
//! Prints; asserts nothing. `examples/markdown_budget.rs` times whole renders.
use super::links::linkify;
use super::pass::Pass;
use super::sanitize::SANITIZER;
use super::*;
use pulldown_cmark::{Event, Parser, html};
use std::time::Instant;

type Shape = (&'static str, fn(usize) -> String);

const SHAPES: &[Shape] = &[
    (">", |n| format!("{} x", ">".repeat(n))),
    ("- ", |n| format!("{}x", "- ".repeat(n / 2))),
    ("* ", |n| format!("{}x", "* ".repeat(n / 2))),
    ("1. ", |n| format!("{}x", "1. ".repeat(n / 3))),
    ("> - ", |n| format!("{}x", "> - ".repeat(n / 4))),
    ("[", |n| "[".repeat(n)),
    ("[x](", |n| "[x](".repeat(n / 4)),
    ("*", |n| format!("a{}a", "*".repeat(n))),
    ("*a", |n| "*a".repeat(n / 2)),
    ("`a", |n| "`a".repeat(n / 2)),
    ("|", |n| format!("|a|\n|-|\n{}", "|".repeat(n))),
    ("table rows", |n| {
        format!("{}\n{}", "|a".repeat(n / 8), "|-".repeat(n / 8)) + &"\n|x".repeat(n / 4)
    }),
    ("[^i] defs", |n| {
        (0..n / 12)
            .map(|i| format!("[^{i}]\n\n[^{i}]: x\n"))
            .collect()
    }),
    ("[^a] refs", |n| {
        format!("{}\n\n[^a]: x", "[^a]".repeat(n / 4))
    }),
    ("links", |n| "[a](b) ".repeat(n / 7)),
    ("ref links", |n| {
        (0..n / 16)
            .map(|i| format!("[a{i}][]\n[a{i}]: /x\n"))
            .collect()
    }),
    ("![", |n| "![a](/media/x) ".repeat(n / 15)),
    ("urls", |n| "http://a.b ".repeat(n / 11)),
    ("<a>", |n| "<a>".repeat(n / 3)),
    ("<div>", |n| "<div>".repeat(n / 5)),
    ("lines", |n| "a\n".repeat(n / 2)),
    ("headings", |n| "# a\n".repeat(n / 4)),
    ("~~a", |n| "~~a".repeat(n / 3)),
];

#[test]
#[ignore = "prints timings; run by hand"]
fn stages() {
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "2500,5000,10000".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    for (name, make) in SHAPES {
        for &n in &sizes {
            let md = make(n);
            let t = Instant::now();
            let events: Vec<Event<'_>> = Parser::new_ext(&md, options()).collect();
            let (parse, count) = (t.elapsed(), events.len());
            let t = Instant::now();
            let events = linkify(events);
            let link = t.elapsed();
            let t = Instant::now();
            let events = Pass::new(false).transform(events);
            let pass = t.elapsed();
            let t = Instant::now();
            let mut raw = String::new();
            html::push_html(&mut raw, events.into_iter());
            let push = t.elapsed();
            let t = Instant::now();
            let clean = SANITIZER.clean(&raw).to_string();
            let sanitize = t.elapsed();
            let t = Instant::now();
            let _ = render_comment(&md);
            let comment = t.elapsed();
            println!(
                "{name:10} {:>6} chars {count:>6} events: parse {parse:>8.1?} linkify {link:>7.1?} \
                 pass {pass:>7.1?} html {push:>7.1?} ({:>7} B) sanitize {sanitize:>8.1?} \
                 ({:>7} B) comment {comment:>7.1?}",
                md.len(),
                raw.len(),
                clean.len(),
            );
        }
    }
}
