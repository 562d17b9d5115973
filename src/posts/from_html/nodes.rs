//! Reading the parsed tree: an element's tag, attributes and classes.

use htmd::{Element, Node};
use markup5ever_rcdom::NodeData;

/// The tag of an element node.
pub(super) fn tag_of(node: &Node) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

/// An attribute of an element met while walking the tree.
pub(super) fn node_attribute(node: &Node, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|attribute| &*attribute.name.local == name)
            .map(|attribute| attribute.value.to_string()),
        _ => None,
    }
}

/// Whether an element has `class` among its classes.
pub(super) fn has_class(node: &Node, class: &str) -> bool {
    node_attribute(node, "class")
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
}

/// An attribute of the element a handler was given.
pub(super) fn attribute(element: &Element, name: &str) -> Option<String> {
    element
        .attrs
        .iter()
        .find(|attribute| &*attribute.name.local == name)
        .map(|attribute| attribute.value.to_string())
}
