//! The shape of the code: no two modules of `src/` may import each other, directly or
//! through others. Reads the sources (a rough Rust reader: `use` trees and `crate::`,
//! `super::`, `self::` and child-module paths, comments, strings, `pub(in …)` and test
//! modules left out), resolves each path to the deepest module it names, and looks for
//! loops.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module, as its path below the crate root (`["web", "router"]`).
type Module = Vec<String>;

#[test]
fn no_module_imports_itself_through_others() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&root);
    assert!(
        graph.len() > 50,
        "only {} modules read from {}",
        graph.len(),
        root.display()
    );
    let loops = loops_in(&graph);
    assert!(
        loops.is_empty(),
        "modules that import each other (directly or through the others listed):\n{}",
        loops
            .iter()
            .map(|group| format!("  {}", group.join(" <-> ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_reader_sees_a_loop_through_a_third_module() {
    let files = [
        (
            "a",
            "use crate::b::Thing;\nfn f() { let _ = super::c::x(); }",
        ),
        (
            "b",
            "pub use self::inner::Thing; // use crate::d::Nope;\nmod inner;",
        ),
        ("b::inner", "use crate::c::{self, y::{Z, W}};"),
        (
            "c",
            "use std::fmt;\nconst S: &str = \"use crate::d;\";\npub(in crate::d) fn f() {}",
        ),
        ("c::y", "use crate::{a, d};"),
        ("d", "#[cfg(test)]\nmod tests {\n    use crate::a;\n}\n"),
    ];
    let modules: BTreeSet<Module> = files.iter().map(|(name, _)| module(name)).collect();
    let graph: Graph = files
        .iter()
        .map(|(name, code)| (module(name), imports(&module(name), code, &modules)))
        .collect();
    assert_eq!(
        graph[&module("b")],
        BTreeSet::from([module("b::inner")]),
        "comments are not code"
    );
    assert_eq!(
        graph[&module("c")],
        BTreeSet::new(),
        "strings and visibility are not imports"
    );
    assert_eq!(
        graph[&module("d")],
        BTreeSet::new(),
        "tests may look anywhere"
    );
    let loops = loops_in(&graph);
    assert_eq!(loops, [["a", "b", "b::inner", "c::y"]]);
}

fn module(name: &str) -> Module {
    name.split("::").map(str::to_owned).collect()
}

type Graph = BTreeMap<Module, BTreeSet<Module>>;

fn import_graph(root: &Path) -> Graph {
    let files: Vec<(Module, PathBuf)> = rust_files(root)
        .into_iter()
        .filter_map(|path| Some((module_of(root, &path)?, path)))
        .collect();
    let modules: BTreeSet<Module> = files.iter().map(|(m, _)| m.clone()).collect();
    files
        .iter()
        .map(|(m, path)| {
            let code = std::fs::read_to_string(path).unwrap();
            (m.clone(), imports(m, &code, &modules))
        })
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// `src/web/mod.rs` is `web`, `src/web/router.rs` is `web::router`; `main.rs` is another crate.
fn module_of(root: &Path, path: &Path) -> Option<Module> {
    let relative = path.strip_prefix(root).ok()?.with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return None,
        Some("lib") if parts.len() == 1 => parts.clear(),
        Some("mod") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts)
}

/// The modules `code` (the file of module `at`) imports, other than itself.
fn imports(at: &Module, code: &str, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let code = without_visibility_paths(&without_tests(&code_only(code)));
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    // `use` trees first, then every other path in the code.
    let mut outside_uses = String::new();
    while let Some(start) = find_word(rest, "use") {
        outside_uses.push_str(&rest[..start]);
        let tail = &rest[start + 3..];
        let end = tail.find(';').unwrap_or(tail.len());
        expand_tree("", &tail[..end], &mut paths);
        rest = tail.get(end + 1..).unwrap_or_default();
    }
    outside_uses.push_str(rest);
    paths.extend(inline_paths(&outside_uses));
    paths
        .iter()
        .filter_map(|path| resolve(at, path, modules))
        .filter(|target| target != at)
        .collect()
}

/// The code without comments, string contents or character literals.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let at = |k: usize| chars.get(k).copied().unwrap_or(' ');
        let next = |k: usize| at(i + k);
        match chars[i] {
            '/' if next(1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next(1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                    i += 1;
                }
                i += 2;
            }
            'r' if (next(1) == '"' || (next(1) == '#' && matches!(next(2), '"' | '#')))
                && !chars
                    .get(i.wrapping_sub(1))
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_') =>
            {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                let closing: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let body_start = i + 2 + hashes;
                let body: String = chars[body_start.min(chars.len())..].iter().collect();
                let len = body.find(&closing).unwrap_or(body.len());
                i = body_start + body[..len].chars().count() + closing.chars().count();
                out.push_str("\"\"");
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            // A character literal ('x', '\n', '"'); a lifetime ('a) has no closing quote.
            '\'' if next(1) == '\\' => {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            '\'' if next(2) == '\'' => {
                i += 3;
                out.push_str("' '");
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Drops `#[cfg(test)] mod … { … }` blocks: tests may reach anywhere.
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_inline_mod = trimmed.starts_with("mod ")
            && trimmed
                .find(['{', ';'])
                .is_some_and(|i| trimmed.as_bytes()[i] == b'{');
        if !is_inline_mod {
            rest = after;
            continue;
        }
        let open = after.find('{').unwrap_or(0);
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Drops the paths of `pub(in crate::x)`: saying who may see an item imports nothing.
fn without_visibility_paths(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("pub(in ") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(')').map_or(after.len(), |i| i + 1);
        out.push_str("pub(restricted)");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `word` stands alone in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident_char) && !after.is_some_and(is_ident_char) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// `a::{b, c::{d, self}}` as `a::b`, `a::c::d`, `a::c`.
fn expand_tree(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let join = |tail: &str| {
        if prefix.is_empty() {
            tail.to_owned()
        } else if tail == "self" {
            prefix.to_owned()
        } else {
            format!("{prefix}::{tail}")
        }
    };
    match tree.find('{') {
        Some(open) => {
            let head = tree[..open].trim().trim_end_matches("::");
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let prefix = if head.is_empty() {
                prefix.to_owned()
            } else {
                join(head)
            };
            for part in split_top_level(inner) {
                expand_tree(&prefix, part, out);
            }
        }
        None if !tree.is_empty() => {
            let path = tree.split(" as ").next().unwrap_or(tree).trim();
            out.push(join(path));
        }
        None => {}
    }
}

fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// Every `x::y::z` path written in expressions and types.
fn inline_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = !chars
            .get(i.wrapping_sub(1))
            .is_some_and(|c| is_ident_char(*c) || *c == ':')
            && is_ident_char(chars[i]);
        if !starts_word {
            i += 1;
            continue;
        }
        let mut end = i;
        loop {
            while end < chars.len() && is_ident_char(chars[end]) {
                end += 1;
            }
            let more = chars.get(end) == Some(&':')
                && chars.get(end + 1) == Some(&':')
                && chars.get(end + 2).is_some_and(|c| is_ident_char(*c));
            if !more {
                break;
            }
            end += 2;
        }
        let path: String = chars[i..end].iter().collect();
        if path.contains("::") {
            paths.push(path);
        }
        i = end.max(i + 1);
    }
    paths
}

/// The deepest module `path`, written in module `at`, names.
fn resolve(at: &Module, path: &str, modules: &BTreeSet<Module>) -> Option<Module> {
    let mut segments = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let first = segments.next()?;
    let mut base: Module = match first {
        "crate" => Vec::new(),
        "self" => at.clone(),
        "super" => at[..at.len().checked_sub(1)?].to_vec(),
        child => {
            let mut relative = at.clone();
            relative.push(child.to_owned());
            if !modules.contains(&relative) {
                return None;
            }
            relative
        }
    };
    for segment in segments {
        if segment == "super" {
            base.pop();
            continue;
        }
        let mut deeper = base.clone();
        deeper.push(segment.to_owned());
        if !modules.contains(&deeper) {
            break;
        }
        base = deeper;
    }
    Some(base)
}

/// Groups of modules that reach each other, each named like `web::router`.
fn loops_in(graph: &Graph) -> Vec<Vec<String>> {
    let reach = |from: &Module| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&Module, BTreeSet<Module>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, seen) in &reachable {
        if !seen.contains(*m) {
            continue;
        }
        let group: Vec<String> = seen
            .iter()
            .filter(|other| reachable.get(other).is_some_and(|back| back.contains(*m)))
            .map(|other| {
                if other.is_empty() {
                    "crate".to_owned()
                } else {
                    other.join("::")
                }
            })
            .collect();
        groups.insert(group);
    }
    groups.into_iter().collect()
}
