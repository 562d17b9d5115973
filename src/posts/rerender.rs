//! Stored posts keep their HTML rendered at save time; when the renderer changes what it
//! makes (the heading outline and line breaks of issue 11), every stored post is rendered
//! again once, when the server starts, so old posts, search and feeds agree with new ones.

use super::markdown;
use crate::cpu;
use crate::store::Store;

/// The renderer's version: raise it whenever `markdown::render` makes different HTML.
pub const RENDERING_VERSION: &str = "2-outline-and-breaks";
/// Posts rendered per transaction.
const BATCH: i64 = 100;

/// Renders every stored post again if they were rendered by an older renderer. Answers
/// how many posts were rendered. Safe to run on several instances at once: each writes
/// the same HTML.
pub async fn refresh_stored_posts(store: &Store) -> anyhow::Result<usize> {
    if store.rendering_version().await?.as_deref() == Some(RENDERING_VERSION) {
        return Ok(0);
    }
    let (mut after, mut count) = (0, 0);
    loop {
        let bodies = store.post_bodies_after(after, BATCH).await?;
        let Some((last, _)) = bodies.last() else {
            break;
        };
        after = *last;
        count += bodies.len();
        let renderings = cpu::run(move || {
            bodies
                .into_iter()
                .map(|(id, body)| {
                    let rendered = markdown::render(&body);
                    let excerpt = markdown::excerpt(&rendered.text, 40);
                    (
                        id,
                        rendered.html.as_str().to_owned(),
                        rendered.text,
                        excerpt,
                    )
                })
                .collect::<Vec<_>>()
        })
        .await?;
        store.set_renderings(&renderings).await?;
    }
    store.set_rendering_version(RENDERING_VERSION).await?;
    tracing::info!(
        posts = count,
        version = RENDERING_VERSION,
        "stored posts rendered again"
    );
    Ok(count)
}
