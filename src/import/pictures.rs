//! The pictures of imported posts, fetched from the old blog before the import's
//! transaction and re-encoded like uploads (same limits, metadata gone). One that
//! cannot be fetched stays a link to its old address and is listed in the report.
//! Bounded: how many, how large, how long each, and how long in all.

use std::time::{Duration, Instant};

use pulldown_cmark::{Event, Parser, Tag};

use super::addresses::{PublicOnly, host_allowed};
use super::model::Skipped;
use super::plan::Plan;
use crate::media::{MAX_UPLOAD_BYTES, new_image_id, process_upload};
use crate::posts::markdown::MEDIA_PREFIX;
use crate::store::ImportPicture;

/// How pictures are fetched.
#[derive(Clone, Debug)]
pub struct Fetching {
    /// Whether loopback and private-network addresses may be fetched (the command line:
    /// the operator's own machine; never the web import).
    pub private_addresses: bool,
    /// Most pictures fetched in one import; the rest stay links.
    pub max_pictures: usize,
    /// Longest one picture may take.
    pub per_picture: Duration,
    /// Longest all pictures may take together.
    pub total: Duration,
}

impl Fetching {
    /// The command line: any address the operator's machine reaches.
    pub fn command_line() -> Fetching {
        Fetching {
            private_addresses: true,
            max_pictures: 2_000,
            per_picture: Duration::from_secs(30),
            total: Duration::from_secs(30 * 60),
        }
    }

    /// The web import: public addresses only, and less time.
    pub fn web() -> Fetching {
        Fetching {
            private_addresses: false,
            max_pictures: 500,
            per_picture: Duration::from_secs(15),
            total: Duration::from_secs(10 * 60),
        }
    }

    fn client(&self) -> Result<reqwest::Client, reqwest::Error> {
        let private = self.private_addresses;
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 || !(private || host_allowed(attempt.url())) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let builder = reqwest::Client::builder()
            .redirect(redirects)
            .connect_timeout(self.per_picture)
            .user_agent("quire-import");
        if private {
            builder.build()
        } else {
            builder.dns_resolver(PublicOnly).build()
        }
    }
}

/// How many web pictures the planned posts show: what the import will try to fetch.
pub fn picture_count(plan: &Plan) -> usize {
    plan.posts
        .iter()
        .map(|post| web_pictures(&post.markdown).len())
        .sum()
}

/// Fetches the web pictures of every planned post, points the posts at their new
/// copies, and lists the ones that stay links. Answers the pictures by post.
pub async fn fetch_pictures(plan: &mut Plan, fetching: &Fetching) -> Vec<Vec<ImportPicture>> {
    fetch_pictures_counted(plan, fetching, &|_, _| {}).await
}

/// As [`fetch_pictures`], telling `progress` how many of how many were tried after each.
pub async fn fetch_pictures_counted(
    plan: &mut Plan,
    fetching: &Fetching,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Vec<ImportPicture>> {
    let total = picture_count(plan);
    let mut tried = 0;
    progress(tried, total);
    let started = Instant::now();
    let client = fetching.client();
    let mut fetched_count = 0;
    let mut by_post = Vec::with_capacity(plan.posts.len());
    let mut missed = Vec::new();
    for post in &mut plan.posts {
        let mut pictures = Vec::new();
        for address in web_pictures(&post.markdown) {
            let outcome = if fetched_count >= fetching.max_pictures {
                Err("more pictures than one import fetches".to_owned())
            } else if started.elapsed() >= fetching.total {
                Err("the import's time for pictures ran out".to_owned())
            } else {
                match &client {
                    Ok(client) => fetch_one(client, &address, fetching).await,
                    Err(error) => Err(error.to_string()),
                }
            };
            match outcome {
                Ok(picture) => {
                    fetched_count += 1;
                    post.markdown = post.markdown.replace(
                        &format!("]({address}"),
                        &format!("]({MEDIA_PREFIX}{}", picture.id),
                    );
                    pictures.push(picture);
                }
                Err(why) => missed.push(Skipped {
                    what: format!("Picture {address} in “{}”", post.title.as_str()),
                    why: format!("{why}; it stays a link to its old address"),
                }),
            }
            tried += 1;
            progress(tried, total);
        }
        by_post.push(pictures);
    }
    plan.skipped.extend(missed);
    by_post
}

async fn fetch_one(
    client: &reqwest::Client,
    address: &str,
    fetching: &Fetching,
) -> Result<ImportPicture, String> {
    let url = reqwest::Url::parse(address).map_err(|_| "not a web address".to_owned())?;
    if !(fetching.private_addresses || host_allowed(&url)) {
        return Err(
            "it is on a private network address, which the web import does not fetch".to_owned(),
        );
    }
    let download = async {
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|error| describe(&error))?;
        if !response.status().is_success() {
            return Err(format!("the old blog answered {}", response.status()));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|error| describe(&error))? {
            if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(format!(
                    "it is larger than {} MB",
                    MAX_UPLOAD_BYTES / (1024 * 1024)
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    };
    let bytes = tokio::time::timeout(fetching.per_picture, download)
        .await
        .map_err(|_| format!("it took longer than {} s", fetching.per_picture.as_secs()))??;
    let image = process_upload(bytes)
        .await
        .map_err(|error| error.to_string())?;
    Ok(ImportPicture {
        id: new_image_id(),
        content_type: image.content_type,
        size: (image.width, image.height),
        data: image.data,
        small_size: (image.small_width, image.small_height),
        small_data: image.small_data,
        original_name: address
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect(),
    })
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_connect() {
        "its server could not be reached".to_owned()
    } else if error.is_redirect() {
        "it redirects too often, or to a private address".to_owned()
    } else {
        "it could not be downloaded".to_owned()
    }
}

/// The web addresses of a body's pictures, each once, in order.
fn web_pictures(markdown: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, crate::posts::markdown::options()) {
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && (dest_url.starts_with("https://") || dest_url.starts_with("http://"))
            && !found.iter().any(|seen| seen.as_str() == &*dest_url)
        {
            found.push(dest_url.into_string());
        }
    }
    found
}
