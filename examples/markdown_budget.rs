//! How long hostile Markdown takes to render, and to refuse.
//!
//! `cargo run --release --example markdown_budget [sizes]` (sizes in characters,
//! default `10000,40000,100000`). For each shape it prints the time the renderer takes
//! when called directly (bypassing the budget, as quire did before it had one; shapes
//! whose time grows with the square of the size are skipped above `QUADRATIC_MAX`
//! unless `ALL=1`), the time `Body::parse` takes to refuse or accept it, and the
//! worst bodies the budget accepts. Not a test: nothing here is asserted.

use std::time::{Duration, Instant};

use quire::posts::markdown::{render, render_comment};
use quire::posts::{BODY_MAX, Body, budget};

/// Above this size the quadratic shapes take minutes without the budget.
const QUADRATIC_MAX: usize = 40_000;

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// `unit` repeated to about `size` characters, then `end`.
fn repeat(unit: &str, end: &str, size: usize) -> String {
    let mut text = unit.repeat(size.saturating_sub(end.len()) / unit.len());
    text.push_str(end);
    text
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "10000,40000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let all = std::env::var("ALL").is_ok_and(|v| v == "1");
    let shapes: &[(&str, &str, &str, bool)] = &[
        // name, unit, end, quadratic without the budget
        (">", ">", " x", true),
        ("- ", "- ", "x", true),
        ("* ", "* ", "x", true),
        ("1. ", "1. ", "x", true),
        ("> - > 1. ", "> - > 1. ", "x", true),
        ("<div>", "<div>", "", true),
        (
            "<b title=1><i title=2></b>x\\n\\n",
            "<b title=1><i title=2></b>x\n\n",
            "",
            true,
        ),
        ("[", "[", "", false),
        ("*", "*", "a", false),
        ("`a", "`a", "", false),
        ("[^a] refs", "[^a]", "\n\n[^a]: x", false),
        ("[a](b) links", "[a](b) ", "", false),
        ("http://a.b ", "http://a.b ", "", false),
        ("![a](/media/x) ", "![a](/media/x) ", "", false),
        ("|x table rows", "|x\n", "", false),
    ];
    println!(
        "quire {}: rendering hostile Markdown",
        env!("CARGO_PKG_VERSION")
    );
    println!(
        "{:<34} {:>7} {:>12} {:>12} {:>12}",
        "shape", "chars", "render", "parse+check", "verdict"
    );
    for &(name, unit, end, quadratic) in shapes {
        for &size in &sizes {
            let body = repeat(unit, end, size);
            let rendered = if quadratic && size > QUADRATIC_MAX && !all {
                "(skipped)".to_owned()
            } else {
                format!("{:.1?}", time(|| render(&body)).1)
            };
            let (verdict, checked) = time(|| Body::parse(&body));
            let verdict = match verdict {
                Ok(_) => "accepted",
                Err(message) if message.contains("12 levels") => "nesting",
                Err(message) if message.contains("48 levels") => "html depth",
                Err(message) if message.contains("cells") => "cells",
                Err(message) if message.contains("100,000") => "length",
                Err(_) => "refused",
            };
            println!(
                "{name:<34} {:>7} {rendered:>12} {:>12} {verdict:>12}",
                body.chars().count(),
                format!("{checked:.1?}")
            );
        }
    }

    println!("\nThe worst bodies the budget accepts ({BODY_MAX} characters):");
    let half = budget::MAX_NESTING / 2;
    let deep = format!("{}deepest\n\n", "> - ".repeat(half));
    let worst: Vec<(&str, String)> = vec![
        (
            "12 levels, then footnote references",
            fill(&deep, "[^a]", "\n\n[^a]: x"),
        ),
        ("12 levels, then links", fill(&deep, "[a](b) ", "")),
        (
            "34 open divs, then text",
            fill(&"<div>".repeat(34), "x ", ""),
        ),
        (
            "a 9,900-cell table (rows filled up), then prose",
            fill(
                &format!(
                    "|{}\n|{}\n{}\n",
                    "a|".repeat(100),
                    "-|".repeat(100),
                    "|x\n".repeat(98)
                ),
                "Lava flows and cools. ",
                "",
            ),
        ),
        (
            "12 levels repeated",
            fill("", &format!("{}x\n\n", "> - ".repeat(half)), ""),
        ),
        ("plain prose", fill("", "Lava flows and cools. ", "")),
    ];
    for (name, body) in worst {
        let (verdict, checked) = time(|| Body::parse(&body));
        let (rendered, took) = time(|| render(&body));
        println!(
            "{name:<40} {:>7} chars  check {:>9}  render {:>9}  {} bytes of HTML  {}",
            body.chars().count(),
            format!("{checked:.1?}"),
            format!("{took:.1?}"),
            rendered.html.as_str().len(),
            if verdict.is_ok() {
                "accepted"
            } else {
                "REFUSED"
            },
        );
    }
    let comment = "> - ".repeat(1_250);
    let (_, took) = time(|| render_comment(&comment));
    println!("a 5,000-character comment of \"> - \": render {took:.1?}");
}

/// `start`, then `unit` until the body is as long as quire allows, then `end`.
fn fill(start: &str, unit: &str, end: &str) -> String {
    let room = BODY_MAX.saturating_sub(start.len() + end.len());
    format!("{start}{}{end}", unit.repeat(room / unit.len()))
}
