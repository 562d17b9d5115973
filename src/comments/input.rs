//! What commenters and readers type, checked on construction: a comment's text, a
//! guest's name, and the short notes of reports, hides and rejections.

use crate::cpu::{self, Busy};
use crate::posts::markdown::{SafeHtml, render_comment};
use crate::text;

/// Longest comment accepted, in characters.
pub const BODY_MAX: usize = 5_000;
/// Longest guest name.
pub const GUEST_NAME_MAX: usize = 60;
/// Longest report, hide reason or rejection note.
pub const NOTE_MAX: usize = 500;

/// A comment's text: 1 to 5,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    /// Checks typed text: trimmed, line ends made `\n`, not empty, not too long.
    pub fn parse(input: &str) -> Result<CommentBody, &'static str> {
        text::plain(input)?;
        let body = input.replace("\r\n", "\n").trim().to_owned();
        if body.is_empty() {
            return Err("Write a comment first.");
        }
        if body.chars().count() > BODY_MAX {
            return Err("A comment can be at most 5,000 characters long. Your text is still here.");
        }
        Ok(CommentBody(body))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as HTML (paragraphs, line breaks, links), rendered on the CPU pool.
    /// Comments are plain text, so rendering is linear in their length; the pool keeps
    /// a flood of them from taking the async workers.
    pub async fn render(&self) -> Result<SafeHtml, Busy> {
        let text = self.0.clone();
        cpu::run(move || render_comment(&text)).await
    }

    /// A fingerprint for spotting the same comment twice: case and spacing ignored.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let normalized = self
            .0
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        hex::encode(Sha256::digest(normalized.as_bytes()))
    }
}

/// A guest's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestName(String);

impl GuestName {
    /// Checks a typed name: inner spacing collapsed, 1 to 60 characters.
    pub fn parse(input: &str) -> Result<GuestName, &'static str> {
        text::name(input)?;
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Enter your name.");
        }
        if name.chars().count() > GUEST_NAME_MAX {
            return Err("A name can be at most 60 characters long.");
        }
        Ok(GuestName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short reason or note: 1 to 500 characters (or empty, where allowed).
pub fn parse_note(input: &str, required: bool) -> Result<Option<String>, &'static str> {
    text::plain(input)?;
    let note = input.trim();
    if note.is_empty() {
        return if required {
            Err("Say why in a few words.")
        } else {
            Ok(None)
        };
    }
    if note.chars().count() > NOTE_MAX {
        return Err("Keep it under 500 characters.");
    }
    Ok(Some(note.to_owned()))
}
