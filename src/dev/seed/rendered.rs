//! The seed's texts, each distinct post body and comment checked and rendered once, as
//! the Write page and the comment form would, and shared by the posts and comments.

use rand::Rng;
use rand::rngs::StdRng;

use super::{text, words};
use crate::comments::CommentBody;
use crate::posts::markdown::{SafeHtml, render_comment};
use crate::posts::{Body, Labels, PostContent, Title};

/// Distinct post bodies rendered; posts share them beyond this.
const BODIES: usize = 240;
/// Distinct comment texts per topic.
pub(super) const COMMENT_TEXTS: usize = 40;

/// A comment text, checked, rendered and fingerprinted once.
pub(super) struct CommentText {
    pub(super) body: CommentBody,
    pub(super) html: SafeHtml,
    pub(super) hash: String,
}

/// The distinct bodies, each rendered once as the Write page would: (topic, content).
pub(super) fn render_bodies(
    posts: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<(usize, PostContent)>> {
    let placeholder = Title::parse("Seed").map_err(anyhow::Error::msg)?;
    (0..posts.min(BODIES))
        .map(|n| {
            let topic = n % words::TOPICS.len();
            // With the table, the list and the footnotes, 300 to 1,500 words.
            let words = rng.random_range(300..=1_400);
            let markdown = text::body(&words::TOPICS[topic], words, rng);
            let body = Body::parse(&markdown).map_err(anyhow::Error::msg)?;
            let content = PostContent::new(placeholder.clone(), body, Labels::default());
            Ok((topic, content))
        })
        .collect()
}

/// The distinct comment texts, per topic, each checked and rendered once.
pub(super) fn comment_texts(rng: &mut StdRng) -> anyhow::Result<Vec<Vec<CommentText>>> {
    words::TOPICS
        .iter()
        .map(|topic| {
            (0..COMMENT_TEXTS)
                .map(|_| {
                    let body = CommentBody::parse(&text::comment(topic, rng))
                        .map_err(anyhow::Error::msg)?;
                    Ok(CommentText {
                        html: render_comment(body.as_str()),
                        hash: body.fingerprint(),
                        body,
                    })
                })
                .collect()
        })
        .collect()
}
