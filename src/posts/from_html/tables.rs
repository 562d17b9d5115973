//! Tables: a word processor's table without header cells keeps its first row as the
//! header; Blogger's caption table (`tr-caption-container`, a picture over its caption)
//! becomes a captioned picture.

use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, Node};

use super::figures::{captioned_picture, descendant, text_of};
use super::nodes::{attribute, has_class, tag_of};

/// A table without header cells (as word processors write them) gets its first row as
/// the header, so it stays a table; a cell's paragraphs join into one line.
pub(super) fn table(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let class = attribute(&element, "class").unwrap_or_default();
    if class
        .split_whitespace()
        .any(|c| c == "tr-caption-container")
    {
        return caption_table(element.node);
    }
    let rows = table_rows(element.node);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let has_header = rows.iter().flatten().any(|cell| tag_of(cell) == Some("th"));
    if has_header || width == 0 {
        return handlers.fallback(element);
    }
    let mut out = String::from("\n\n");
    for (index, row) in rows.iter().enumerate() {
        out.push('|');
        for column in 0..width {
            let text = row
                .get(column)
                .map(|cell| handlers.walk_children(cell).content)
                .unwrap_or_default();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(' ');
            out.push_str(&text.replace('|', "\\|"));
            out.push_str(" |");
        }
        out.push('\n');
        if index == 0 {
            out.push_str(&"|---".repeat(width));
            out.push_str("|\n");
        }
    }
    out.push('\n');
    Some(out.into())
}

/// The cells of each row of a table, through `thead`, `tbody` and `tfoot`.
fn table_rows(table: &Node) -> Vec<Vec<Rc<Node>>> {
    let mut rows = Vec::new();
    for child in table.children.borrow().iter() {
        match tag_of(child) {
            Some("tr") => rows.push(cells_of(child)),
            Some("thead" | "tbody" | "tfoot") => rows.extend(
                child
                    .children
                    .borrow()
                    .iter()
                    .filter(|row| tag_of(row) == Some("tr"))
                    .map(|row| cells_of(row)),
            ),
            _ => {}
        }
    }
    rows
}

fn cells_of(row: &Node) -> Vec<Rc<Node>> {
    row.children
        .borrow()
        .iter()
        .filter(|cell| matches!(tag_of(cell), Some("td" | "th")))
        .cloned()
        .collect()
}

/// Blogger's picture with a caption: the picture in one cell, the words in a
/// `tr-caption` cell below it.
fn caption_table(table: &Rc<Node>) -> Option<HandlerResult> {
    let caption = descendant(table, &|node| {
        tag_of(node) == Some("td") && has_class(node, "tr-caption")
    })
    .map(|cell| text_of(&cell))
    .unwrap_or_default();
    let picture = descendant(table, &|node| tag_of(node) == Some("img"))?;
    captioned_picture(table, &picture, &caption)
}
