//! Where each address of the site lands in a static copy, and how one file of the copy
//! links to another: relative paths only, so the copy opens from a folder (`file://`).

use std::collections::HashSet;

use crate::posts::markdown::VideoProvider;

/// What a copy holds.
#[derive(Clone, Debug)]
pub enum Scope {
    /// The whole public blog: home, posts, archive, labels, authors.
    Site,
    /// One member's published posts, their author page as the index.
    Portfolio {
        /// Whose work it is.
        username: String,
        /// The slugs of their published posts: no other post goes in.
        slugs: HashSet<String>,
    },
}

/// What an address of the site becomes in the copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page, drawn from `path` (with its query) into `file`.
    Page {
        /// The site's address, with the query, to render.
        path: String,
        /// Where it goes in the copy.
        file: String,
    },
    /// An uploaded picture; its file name waits for its type.
    Picture {
        /// The site's address.
        path: String,
    },
    /// The stylesheet or the icon.
    Asset {
        /// The site's address, without the version.
        path: String,
        /// Where it goes in the copy.
        file: String,
    },
    /// A video placeholder: it links out to the video's own page.
    Video(String),
    /// Not in the copy: a link to it becomes plain text.
    Outside,
}

/// The file holding each static file the pages need.
const ASSETS: [&str; 2] = ["style.css", "icon.svg"];

impl Scope {
    /// Where the site's `path` (with `query`, if any) goes in this copy.
    pub fn locate(&self, path: &str, query: Option<&str>) -> Target {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if let Some(target) = fixed_target(&segments, query) {
            return target;
        }
        let Some(stem) = self.page_stem(&segments) else {
            return Target::Outside;
        };
        let suffix = match (query, paged(&segments)) {
            (None, _) => String::new(),
            (Some(query), true) => match pager_suffix(query) {
                Some(suffix) => suffix,
                None => return Target::Outside,
            },
            (Some(_), false) => return Target::Outside,
        };
        let path = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        Target::Page {
            path,
            file: format!("{stem}{suffix}.html"),
        }
    }

    /// The file name, without `.html`, of a page this copy holds.
    fn page_stem(&self, segments: &[&str]) -> Option<String> {
        if !segments.iter().all(|s| is_safe_segment(s) || s.is_empty()) {
            return None;
        }
        match (self, segments) {
            (Scope::Site, [""]) => Some("index".to_owned()),
            (Scope::Site, ["labels" | "archive"]) => Some(segments[0].to_owned()),
            (Scope::Site, ["posts" | "u" | "labels", name]) if !name.is_empty() => {
                Some(format!("{}/{name}", segments[0]))
            }
            (Scope::Site, ["archive", year, month]) if is_month(year, month) => {
                Some(format!("archive/{year}/{month}"))
            }
            // The portfolio's index is its author's page; the site's name leads there too.
            (Scope::Portfolio { .. }, [""]) => Some("index".to_owned()),
            (Scope::Portfolio { username, .. }, ["u", name]) if name == username => {
                Some("index".to_owned())
            }
            (Scope::Portfolio { slugs, .. }, ["posts", slug]) if slugs.contains(*slug) => {
                Some(format!("posts/{slug}"))
            }
            _ => None,
        }
    }

    /// The site's address that this copy's `index.html` is drawn from.
    pub fn index_path(&self) -> String {
        match self {
            Scope::Site => "/".to_owned(),
            Scope::Portfolio { username, .. } => format!("/u/{username}"),
        }
    }
}

/// Pictures, static files and videos: the same in every copy.
fn fixed_target(segments: &[&str], query: Option<&str>) -> Option<Target> {
    let path = format!("/{}", segments.join("/"));
    match segments {
        ["media", id] | ["media", id, "small"] if crate::media::is_image_id(id) => {
            Some(Target::Picture { path })
        }
        ["static", name] => Some(match ASSETS.iter().find(|asset| *asset == name) {
            Some(asset) => Target::Asset {
                path,
                file: format!("static/{asset}"),
            },
            None => Target::Outside,
        }),
        ["embed", provider, id] => Some(
            VideoProvider::from_slug(provider)
                .filter(|provider| provider.is_valid_id(id) && query.is_none())
                .map_or(Target::Outside, |provider| {
                    Target::Video(provider.watch_url(id))
                }),
        ),
        _ => None,
    }
}

/// Whether the page at these segments is a list with "Older posts" links.
fn paged(segments: &[&str]) -> bool {
    matches!(segments, [""] | ["u" | "labels", _] | ["archive", _, _])
}

/// `before=CURSOR` or `after=CURSOR` as a file-name suffix (`--before-CURSOR`).
fn pager_suffix(query: &str) -> Option<String> {
    let (key, cursor) = query.split_once('=')?;
    let cursor_ok = !cursor.is_empty() && cursor.chars().all(|c| c.is_ascii_digit() || c == '-');
    (matches!(key, "before" | "after") && cursor_ok).then(|| format!("--{key}-{cursor}"))
}

fn is_month(year: &str, month: &str) -> bool {
    year.len() == 4
        && month.len() == 2
        && format!("{year}{month}").chars().all(|c| c.is_ascii_digit())
}

/// Letters, digits, dots, hyphens and underscores, not starting with a dot: a name that
/// is safe as a file name on every system.
fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The file name of a picture, by its address and type.
pub fn picture_file(path: &str, content_type: &str) -> String {
    let extension = match content_type {
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "jpg",
    };
    let name = path.trim_start_matches("/media/").replace('/', "-");
    format!("media/{name}.{extension}")
}

/// How the file `from` links to the file `to`, both relative to the copy's root.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str) -> Option<String> {
        Some(file.to_owned())
    }

    fn file_of(scope: &Scope, path: &str, query: Option<&str>) -> Option<String> {
        match scope.locate(path, query) {
            Target::Page { file, .. } | Target::Asset { file, .. } => Some(file),
            _ => None,
        }
    }

    #[test]
    fn the_sites_reading_pages_become_files() {
        let site = Scope::Site;
        assert_eq!(file_of(&site, "/", None), page("index.html"));
        assert_eq!(
            file_of(&site, "/posts/my-trip", None),
            page("posts/my-trip.html")
        );
        assert_eq!(file_of(&site, "/u/ana.b", None), page("u/ana.b.html"));
        assert_eq!(file_of(&site, "/labels", None), page("labels.html"));
        assert_eq!(
            file_of(&site, "/archive/2024/05", None),
            page("archive/2024/05.html")
        );
        assert_eq!(
            file_of(&site, "/labels/volcanoes", Some("before=1717171717000-42")),
            page("labels/volcanoes--before-1717171717000-42.html")
        );
        assert_eq!(
            file_of(&site, "/static/style.css", None),
            page("static/style.css")
        );
    }

    #[test]
    fn server_only_pages_stay_out() {
        let site = Scope::Site;
        for (path, query) in [
            ("/sign-in", None),
            ("/search", Some("q=lava")),
            ("/posts/12/edit", None),
            ("/posts/my-trip", Some("reply_to=3")),
            ("/u/ana", Some("before=x;rm")),
            ("/feed.xml", None),
            ("/posts/..", None),
            ("/static/quire.js", None),
            ("/archive/24/5", None),
        ] {
            assert_eq!(site.locate(path, query), Target::Outside, "{path}");
        }
    }

    #[test]
    fn a_portfolio_holds_only_its_authors_posts() {
        let scope = Scope::Portfolio {
            username: "ana".to_owned(),
            slugs: HashSet::from(["lava".to_owned()]),
        };
        assert_eq!(file_of(&scope, "/u/ana", None), page("index.html"));
        assert_eq!(
            file_of(&scope, "/posts/lava", None),
            page("posts/lava.html")
        );
        assert_eq!(scope.locate("/posts/ben-s-post", None), Target::Outside);
        assert_eq!(scope.locate("/u/ben", None), Target::Outside);
        assert_eq!(scope.locate("/labels", None), Target::Outside);
    }

    #[test]
    fn videos_link_out_and_pictures_keep_their_type() {
        assert_eq!(
            Scope::Site.locate("/embed/youtube/dQw4w9WgXcQ", None),
            Target::Video("https://www.youtube.com/watch?v=dQw4w9WgXcQ".to_owned())
        );
        assert_eq!(
            picture_file("/media/abc/small", "image/png"),
            "media/abc-small.png"
        );
        assert_eq!(relative("posts/a.html", "media/b.jpg"), "../media/b.jpg");
        assert_eq!(
            relative("archive/2024/05.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(relative("index.html", "labels.html"), "labels.html");
    }
}
