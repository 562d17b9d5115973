//! HTML drawn by one of quire's own templates (which escape every text), kept to be
//! printed again unescaped: the kept comment threads and moderation queues.

use std::sync::Arc;

use askama::Template;

/// A template's output; only a template's output is ever wrapped.
#[derive(Clone, Debug)]
pub struct DrawnHtml(Arc<str>);

impl DrawnHtml {
    /// Draws `template`.
    pub fn draw(template: &impl Template) -> Result<DrawnHtml, askama::Error> {
        Ok(DrawnHtml(template.render()?.into()))
    }

    /// Its length in bytes, to weigh what is kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Display for DrawnHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for DrawnHtml {}
