//! The class roster's rules: reading a pasted list of names into a preview (which lines
//! look like headings, blanks or repeats, and the username each name will get), the
//! actions a teacher takes on many students at once, and group names.

mod actions;
mod preview;

pub use actions::{BulkAction, GroupName, Removal};
pub use preview::{LineProblem, MAX_NAMES_AT_ONCE, PreviewLine, preview};
