//! View models shared by several pages.

pub mod cards;
