//! `GET /search?q=`: published posts only, whoever asks, with the words marked.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::error::AppError;
use crate::posts::markdown::{SafeHtml, highlight};
use crate::posts::search::SearchTerms;
use crate::web::layout::{Layout, render_shared, render_status};
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
    /// Why the search was not run, shown beside the box.
    problem: Option<&'static str>,
}

/// Results shown at most.
const SEARCH_LIMIT: i64 = 30;
/// Longest search, in characters; the box takes no more.
pub const QUERY_MAX: usize = 200;

/// `GET /search?q=`: published posts only, whoever asks.
pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let typed = query.q.trim();
    if typed.chars().count() > QUERY_MAX {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SearchPage {
                layout: viewer.layout("Search"),
                query: typed.chars().take(QUERY_MAX).collect(),
                searched: false,
                results: Vec::new(),
                problem: Some(
                    "A search can be at most 200 characters long. \
                     The first 200 are below: shorten them and search again.",
                ),
            },
        );
    }
    let typed = typed.to_owned();
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
        problem: None,
    })
}
