//! What readers see: the home page, a post, author pages, labels, the archive and search.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::comments::comments_close_at;
use crate::dates::{month_name, rfc3339};
use crate::error::AppError;
use crate::posts::markdown::{SafeHtml, VideoProvider, highlight};
use crate::posts::search::SearchTerms;
use crate::posts::{PAGE_SIZE, Post, PostStatus, may_change, may_read, slug};
use crate::store::{Cursor, Direction, LabelCount, PostLink, PostPage, Scope};
use crate::web::handlers::comments::{
    CommentAccess, CommentForm, CommentQuery, CommentSection, comment_access, comment_section,
};
use crate::web::layout::{Layout, render, render_shared};
use crate::web::page_cache::Shareable;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;
use crate::web::views::cards::{LabelLink, Pager, PostCard, cards};

/// `?before=` / `?after=` of a paginated list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    before: Option<String>,
    after: Option<String>,
}

impl PageQuery {
    fn cursor(&self) -> Result<Option<(Direction, Cursor)>, AppError> {
        let parse = |text: &str| {
            Cursor::parse(text).ok_or(AppError::BadRequest("That page address is not right."))
        };
        match (&self.before, &self.after) {
            (Some(before), _) => Ok(Some((Direction::Older, parse(before)?))),
            (None, Some(after)) => Ok(Some((Direction::Newer, parse(after)?))),
            (None, None) => Ok(None),
        }
    }
}

/// A month in the archive.
struct MonthLink {
    name: String,
    path: String,
    posts: i64,
}

/// A year in the archive, newest first.
struct ArchiveYear {
    year: String,
    months: Vec<MonthLink>,
}

fn archive_years(months: &[crate::store::MonthCount]) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for month in months {
        let Some((year, number)) = month.month.split_once('-') else {
            continue;
        };
        let link = MonthLink {
            name: month_name(&month.month).unwrap_or_else(|| month.month.clone()),
            path: format!("/archive/{year}/{number}"),
            posts: month.posts,
        };
        match years.last_mut() {
            Some(last) if last.year == year => last.months.push(link),
            _ => years.push(ArchiveYear {
                year: year.to_owned(),
                months: vec![link],
            }),
        }
    }
    years
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    posts: Vec<PostCard>,
    pager: Pager,
    labels: Vec<LabelCount>,
    archive: Vec<ArchiveYear>,
}

/// `GET /`
pub async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let page = state
        .store
        .post_page(Scope::All, query.cursor()?, PAGE_SIZE)
        .await?;
    let sidebar = state.sidebar.get(&state.store).await?;
    let labels = sidebar.labels.clone();
    let archive = archive_years(&sidebar.archive);
    let layout = viewer.layout("Home").canonical("/");
    render_shared(&HomePage {
        posts: cards(&page, &viewer.zone()),
        pager: Pager::new("/", &page),
        layout,
        labels,
        archive,
    })
}

/// A post's page.
#[derive(Template)]
#[template(path = "post.html")]
pub struct PostPageView {
    layout: Layout,
    post: Post,
    author_path: String,
    date: Option<String>,
    datetime: Option<String>,
    updated: Option<String>,
    labels: Vec<LabelLink>,
    body: SafeHtml,
    may_edit: bool,
    older: Option<PostLink>,
    newer: Option<PostLink>,
    comments: CommentSection,
}

impl PostPageView {
    fn status_note(&self) -> Option<&'static str> {
        if self.post.trashed_at.is_some() {
            return Some("This post is in the trash. Only its author and the teachers can see it.");
        }
        match self.post.status {
            PostStatus::Draft => {
                Some("This is a draft. Only its author and the teachers can see it.")
            }
            PostStatus::Review => Some(
                "This post is waiting for a teacher's review. Only its author and the teachers can see it.",
            ),
            PostStatus::Published => None,
        }
    }
}

/// `GET /posts/{slug}`: the post, or a redirect from an address it used to have.
pub async fn show_post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(post_slug): Path<String>,
    Query(query): Query<CommentQuery>,
) -> Result<Response, AppError> {
    if !slug::is_well_formed(&post_slug) {
        return Err(AppError::NotFound);
    }
    let Some(post) = state.store.post_by_slug(&post_slug).await? else {
        return match state.store.slug_for_old_slug(&post_slug).await? {
            Some(current) => Ok(Redirect::permanent(&format!("/posts/{current}")).into_response()),
            None => Err(AppError::NotFound),
        };
    };
    // A post the viewer may not see answers as if it did not exist.
    if !may_read(&post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    // The page changes by itself when its comments close after so many days; and a
    // guest's comment form carries the time it was drawn (the robot check), so a page
    // with one is drawn afresh for every reader.
    let until = comments_close_at(&post, &viewer.site.discussion);
    let shareable = comment_access(&post, &viewer) != CommentAccess::Guest;
    let mut page = post_page(
        &state,
        &viewer,
        post,
        CommentForm::default(),
        query.reply_to(),
    )
    .await?;
    page.comments.notice = query.notice();
    let mut response = render(&page)?;
    if shareable {
        response.extensions_mut().insert(Shareable { until });
    }
    Ok(response)
}

/// The post page for `post`, with its comments and the comment form as given.
pub async fn post_page(
    state: &AppState,
    viewer: &Viewer,
    post: Post,
    form: CommentForm,
    reply_to: Option<i64>,
) -> Result<PostPageView, AppError> {
    let zone = viewer.zone();
    let (older, newer) = match post.published_at {
        Some(at) if post.is_live() => state.store.neighbours_of(at, post.id).await?,
        _ => (None, None),
    };
    let comments = comment_section(state, viewer, &post, form, reply_to).await?;
    let mut layout = viewer
        .layout(post.title.clone())
        .described(post.excerpt.clone())
        .canonical(&post.path())
        .article()
        .feed(
            format!("Posts by {}", post.author.display_name),
            &format!("/u/{}/feed.xml", post.author.username),
        );
    if let Some(image) = post.body_html.first_image() {
        layout = layout.image(image);
    }
    Ok(PostPageView {
        author_path: format!("/u/{}", post.author.username),
        date: post.published_at.map(|at| zone.long_date(at)),
        datetime: post.published_at.map(rfc3339),
        updated: post.edited_at.map(|at| zone.date_and_time(at)),
        labels: post.labels.iter().map(|l| LabelLink::new(l)).collect(),
        body: post.body_html.clone(),
        may_edit: viewer.user.as_ref().is_some_and(|u| may_change(&post, u)),
        layout,
        post,
        older,
        newer,
        comments,
    })
}

#[derive(Template)]
#[template(path = "post_list.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    intro: Option<String>,
    posts: Vec<PostCard>,
    pager: Pager,
    empty: &'static str,
    feed: Option<String>,
}

fn list_page(viewer: &Viewer, base: &str, heading: String, page: &PostPage) -> ListPage {
    ListPage {
        layout: viewer.layout(heading.clone()).canonical(base),
        heading,
        intro: None,
        posts: cards(page, &viewer.zone()),
        pager: Pager::new(base, page),
        empty: "No posts here yet.",
        feed: None,
    }
}

/// `GET /u/{username}`: an author's page, with their bio and posts.
pub async fn author_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let author = state
        .store
        .user_by_username(&username)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = state
        .store
        .post_page(Scope::Author(author.id), query.cursor()?, PAGE_SIZE)
        .await?;
    let base = format!("/u/{}", author.username);
    let feed = format!("{base}/feed.xml");
    let mut list = list_page(&viewer, &base, author.display_name.clone(), &page);
    list.layout = list
        .layout
        .feed(format!("Posts by {}", author.display_name), &feed);
    if !author.bio.is_empty() {
        list.layout = list.layout.described(author.bio.clone());
        list.intro = Some(author.bio);
    }
    list.empty = "No published posts yet.";
    list.feed = viewer.site.public.then_some(feed);
    render_shared(&list)
}

#[derive(Template)]
#[template(path = "labels.html")]
struct LabelsPage {
    layout: Layout,
    labels: Vec<LabelCount>,
}

/// `GET /labels`
pub async fn labels_index(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    render_shared(&LabelsPage {
        layout: viewer.layout("Labels").canonical("/labels"),
        labels: state.sidebar.get(&state.store).await?.labels.clone(),
    })
}

/// The label whose page is at `/labels/{slug}`.
pub async fn label_at(state: &AppState, label_slug: &str) -> Result<LabelCount, AppError> {
    if !slug::is_well_formed(label_slug) {
        return Err(AppError::NotFound);
    }
    state
        .store
        .label_by_slug(label_slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /labels/{slug}`
pub async fn label_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(label_slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let label = label_at(&state, &label_slug).await?;
    let page = state
        .store
        .post_page(Scope::Label(label.id), query.cursor()?, PAGE_SIZE)
        .await?;
    let base = format!("/labels/{}", label.slug);
    let feed = format!("{base}/feed.xml");
    let mut list = list_page(
        &viewer,
        &base,
        format!("Posts labelled {}", label.name),
        &page,
    );
    list.layout = list
        .layout
        .feed(format!("Posts labelled {}", label.name), &feed);
    list.feed = viewer.site.public.then_some(feed);
    render_shared(&list)
}

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    layout: Layout,
    years: Vec<ArchiveYear>,
}

/// `GET /archive`
pub async fn archive(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    render_shared(&ArchivePage {
        layout: viewer.layout("Blog archive").canonical("/archive"),
        years: archive_years(&state.sidebar.get(&state.store).await?.archive),
    })
}

/// `GET /archive/{year}/{month}`
pub async fn archive_month(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, month)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let key = format!("{year}-{month}");
    let well_formed = year.len() == 4 && month.len() == 2;
    let name = month_name(&key)
        .filter(|_| well_formed)
        .ok_or(AppError::NotFound)?;
    let page = state
        .store
        .post_page(Scope::Month(&key), query.cursor()?, PAGE_SIZE)
        .await?;
    let list = list_page(
        &viewer,
        &format!("/archive/{year}/{month}"),
        format!("Posts from {name}"),
        &page,
    );
    render_shared(&list)
}

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

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage {
    layout: Layout,
    provider: &'static str,
    player_url: String,
    watch_url: String,
}

/// `GET /embed/{provider}/{id}`: the privacy-enhanced player, reached only by a
/// person pressing a video's placeholder (so it works without JavaScript).
pub async fn embed_video(
    viewer: Viewer,
    Path((provider, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let provider = VideoProvider::from_slug(&provider).ok_or(AppError::NotFound)?;
    if !provider.is_valid_id(&id) {
        return Err(AppError::NotFound);
    }
    let page = EmbedPage {
        layout: viewer.layout(format!("{} video", provider.name())),
        provider: provider.name(),
        player_url: provider.player_url(&id),
        watch_url: provider.watch_url(&id),
    };
    let mut response = render(&page)?;
    response.headers_mut().insert(
        "x-robots-tag",
        axum::http::HeaderValue::from_static("noindex"),
    );
    Ok((StatusCode::OK, response).into_response())
}
