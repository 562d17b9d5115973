//! View models shared by several pages.

pub mod archive;
pub mod cards;
pub mod drawn;
pub mod feedback;
pub mod groups;
pub mod kept_thread;
pub mod thread;
