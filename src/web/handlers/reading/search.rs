//! `GET /search?q=`: published posts only, whoever asks, with the words marked.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::error::AppError;
use crate::posts::markdown::{SafeHtml, highlight};
use crate::posts::search::SearchTerms;
use crate::web::layout::{Layout, render_shared};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::PostCard;

/// `?q=` of a search.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

struct SearchResult {
    card: PostCard,
    title: SafeHtml,
    snippet: SafeHtml,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    searched: bool,
    results: Vec<SearchResult>,
}

/// Results shown at most.
const SEARCH_LIMIT: i64 = 30;

/// `GET /search?q=`: published posts only, whoever asks.
pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let typed: String = query.q.trim().chars().take(200).collect();
    let terms = SearchTerms::parse(&typed);
    let hits = match &terms {
        Some(terms) => state.store.search_posts(terms, SEARCH_LIMIT).await?,
        None => Vec::new(),
    };
    let zone = viewer.zone();
    let words = terms
        .as_ref()
        .map(|t| t.words().to_vec())
        .unwrap_or_default();
    let results = hits
        .iter()
        .map(|hit| SearchResult {
            card: PostCard::new(&hit.post, &zone),
            title: highlight(&hit.post.title, &words, usize::MAX),
            snippet: highlight(&hit.body_text, &words, 40),
        })
        .collect();
    let title = if typed.is_empty() {
        "Search".to_owned()
    } else {
        format!("Search: {typed}")
    };
    render_shared(&SearchPage {
        layout: viewer.layout(title),
        searched: terms.is_some(),
        query: typed,
        results,
    })
}
