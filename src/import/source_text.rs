//! Small readings of the sources' text: their dates, a comment's HTML as the plain
//! text quire's comments are, and an old address as the path quire is asked for.

use crate::db::Timestamp;

/// An RFC 3339 time (`2014-12-14T10:00:00.000-08:00`, Blogger) or a UTC
/// `2014-12-14 18:00:00` (WordPress's `_gmt` fields). WordPress writes zeros for "never".
pub fn time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let instant = match text.parse::<jiff::Timestamp>() {
        Ok(instant) => instant,
        Err(_) => {
            let civil: jiff::civil::DateTime = text.parse().ok()?;
            civil
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .ok()?
                .timestamp()
        }
    };
    Timestamp::from_unix_millis(instant.as_millisecond())
}

/// An RSS `pubDate` (`Sun, 14 Dec 2014 18:00:00 +0000`).
pub fn rss_time(text: &str) -> Option<Timestamp> {
    let zoned = jiff::fmt::rfc2822::parse(text.trim()).ok()?;
    Timestamp::from_unix_millis(zoned.timestamp().as_millisecond())
}

/// The path (and query) of an address on the old blog: what a browser following an
/// old link asks quire for once the blog's domain points here.
pub fn old_path(address: &str) -> Option<String> {
    let url = url::Url::parse(address.trim()).ok()?;
    let path = url.path().to_owned();
    Some(match url.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    })
}

/// The keys an old address may be kept under, most precise first, for a request for
/// `path` with `query`: Blogger's `?showComment=` names a comment, WordPress's `/?p=`
/// a post; any other query (Blogger's mobile `?m=1`) is ignored.
pub fn address_keys(path: &str, query: Option<&str>) -> Vec<String> {
    const LONGEST: usize = 400;
    if path.len() > LONGEST || query.is_some_and(|q| q.len() > LONGEST) {
        return Vec::new();
    }
    let value = |name: &str| {
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let mut keys = Vec::new();
    if let Some(shown) = value("showComment") {
        keys.push(format!("{path}?showComment={shown}"));
    }
    match value("p") {
        Some(id) if path == "/" => keys.push(format!("/?p={id}")),
        _ if path != "/" => keys.push(path.to_owned()),
        _ => {}
    }
    keys
}

/// A comment's HTML as plain text: paragraphs and line breaks kept, tags dropped,
/// character references read.
pub fn comment_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>').map(|end| end + 1) else {
                out.push('<');
                rest = &rest[1..];
                continue;
            };
            let tag = rest[1..end - 1].trim().to_ascii_lowercase();
            if tag.starts_with("br") {
                out.push('\n');
            } else if tag == "/p" || tag == "/div" {
                out.push_str("\n\n");
            }
            rest = &rest[end..];
        } else {
            let end = rest.find(';').filter(|end| *end <= 10);
            match end.and_then(|end| reference(&rest[1..end]).map(|c| (c, end))) {
                Some((c, end)) => {
                    out.push(c);
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn reference(name: &str) -> Option<char> {
    let number = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            Some(hex) => number(hex, 16),
            None => name.strip_prefix('#').and_then(|digits| number(digits, 10)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sources_dates_are_read_in_utc() {
        let blogger = time("2014-12-14T10:00:00.000-08:00").expect("rfc 3339");
        let wordpress = time("2014-12-14 18:00:00").expect("gmt field");
        assert_eq!(blogger, wordpress);
        assert_eq!(time("0000-00-00 00:00:00"), None);
        assert_eq!(rss_time("Sun, 14 Dec 2014 18:00:00 +0000"), Some(blogger));
    }

    #[test]
    fn a_comments_html_becomes_its_text() {
        assert_eq!(
            comment_text("<p>Great <b>work</b> &amp; well done!</p><p>Line<br/>two &#233;</p>"),
            "Great work & well done!\n\nLine\ntwo é"
        );
        assert_eq!(comment_text("a < b & c"), "a < b & c");
    }

    #[test]
    fn old_addresses_are_looked_up_comment_first() {
        assert_eq!(
            address_keys("/2014/12/a.html", Some("showComment=14&m=1")),
            ["/2014/12/a.html?showComment=14", "/2014/12/a.html"]
        );
        assert_eq!(address_keys("/", Some("p=12")), ["/?p=12"]);
        assert_eq!(
            address_keys("/butterflies/", Some("m=1")),
            ["/butterflies/"]
        );
        assert!(address_keys("/", None).is_empty());
    }

    #[test]
    fn an_old_address_keeps_its_path_and_query() {
        assert_eq!(
            old_path("http://x.blogspot.com/2014/12/volcanoes.html?showComment=1418590000000#c7")
                .as_deref(),
            Some("/2014/12/volcanoes.html?showComment=1418590000000")
        );
    }
}
