//! The video sites quire embeds without tracking: recognising their addresses, and the
//! click-to-play placeholder that stands in for a player until a reader asks for it.

use super::safe::escape;

/// A video site quire knows how to embed without tracking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoProvider {
    /// Played from youtube-nocookie.com.
    YouTube,
    /// Played with Vimeo's do-not-track player.
    Vimeo,
}

impl VideoProvider {
    /// The name in quire's own addresses (`/embed/youtube/…`).
    pub fn slug(self) -> &'static str {
        match self {
            VideoProvider::YouTube => "youtube",
            VideoProvider::Vimeo => "vimeo",
        }
    }

    /// Reads a provider from its slug.
    pub fn from_slug(slug: &str) -> Option<VideoProvider> {
        match slug {
            "youtube" => Some(VideoProvider::YouTube),
            "vimeo" => Some(VideoProvider::Vimeo),
            _ => None,
        }
    }

    /// The name people know.
    pub fn name(self) -> &'static str {
        match self {
            VideoProvider::YouTube => "YouTube",
            VideoProvider::Vimeo => "Vimeo",
        }
    }

    /// Whether `id` has the shape of this provider's video ids.
    pub fn is_valid_id(self, id: &str) -> bool {
        match self {
            VideoProvider::YouTube => {
                id.len() == 11
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            }
            VideoProvider::Vimeo => {
                (1..=12).contains(&id.len()) && id.chars().all(|c| c.is_ascii_digit())
            }
        }
    }

    /// The privacy-enhanced player's address, loaded only after a person asks.
    pub fn player_url(self, id: &str) -> String {
        match self {
            VideoProvider::YouTube => {
                format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")
            }
            VideoProvider::Vimeo => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
        }
    }

    /// The video's own page on the provider's site.
    pub fn watch_url(self, id: &str) -> String {
        match self {
            VideoProvider::YouTube => format!("https://www.youtube.com/watch?v={id}"),
            VideoProvider::Vimeo => format!("https://vimeo.com/{id}"),
        }
    }
}

/// Recognizes a YouTube or Vimeo address and returns the video it names.
pub fn video_in(address: &str) -> Option<(VideoProvider, String)> {
    let url = url::Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let mut segments = url.path_segments()?.filter(|s| !s.is_empty());
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let first = segments.next();
            let id = match first {
                Some("watch") => url
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .map(|(_, v)| v.into_owned()),
                Some("embed" | "shorts" | "live") => segments.next().map(str::to_owned),
                // The old Flash player's address: `/v/ID&hl=en&fs=1`.
                Some("v") => segments
                    .next()
                    .and_then(|id| id.split('&').next())
                    .map(str::to_owned),
                _ => None,
            }?;
            (VideoProvider::YouTube, id)
        }
        "youtu.be" => (VideoProvider::YouTube, segments.next()?.to_owned()),
        "vimeo.com" => (VideoProvider::Vimeo, segments.next()?.to_owned()),
        "player.vimeo.com" => match segments.next() {
            Some("video") => (VideoProvider::Vimeo, segments.next()?.to_owned()),
            _ => return None,
        },
        _ => return None,
    };
    provider.is_valid_id(&id).then_some((provider, id))
}
/// A figure that links to quire's own player page; nothing loads from the video site.
pub(super) fn video_placeholder(provider: VideoProvider, id: &str, title: &str) -> String {
    format!(
        "<figure class=\"video\"><a class=\"video-placeholder\" href=\"/embed/{}/{}\">\
         <span class=\"video-play\" aria-hidden=\"true\">▶</span> \
         <span class=\"video-title\">Play video: {}</span></a>\
         <figcaption>{} video. It loads from {} only when you press play. \
         <a href=\"{}\">Open it on {}</a></figcaption></figure>",
        provider.slug(),
        id,
        escape(title),
        provider.name(),
        provider.name(),
        escape(&provider.watch_url(id)),
        provider.name(),
    )
}
