//! Posts: what a student writes, the rules of who sees and changes it, and its life
//! from draft through review to published and the trash.
//!
//! Longer than 300 lines on purpose: the post's value types (`Title`, `Body`, `Labels`,
//! `PostContent`, `Post`) validate on construction and share one set of limits, so they
//! stay side by side with their rules; the larger concerns live in the submodules below.

pub mod approval;
pub mod budget;
pub mod from_html;
pub mod markdown;
pub mod reading;
pub mod rerender;
pub mod search;
pub mod slug;

#[cfg(test)]
mod properties;

use time::Duration;

use crate::accounts::User;
use crate::cpu::{self, Busy};
use crate::db::Timestamp;
use crate::text;
use markdown::SafeHtml;

/// Longest title accepted.
pub const TITLE_MAX: usize = 150;
/// Longest body accepted, in characters: a long research article is 20,000.
pub const BODY_MAX: usize = 100_000;
/// Labels on one post.
pub const LABELS_MAX: usize = 10;
/// Longest label.
pub const LABEL_MAX: usize = 40;
/// How long a trashed post can still be restored.
pub const TRASH_KEPT_FOR: Duration = Duration::days(30);
/// Posts on one page of a list.
pub const PAGE_SIZE: usize = 10;

/// Where a post is in its life. Being in the trash is separate (`trashed_at`), so a
/// restored post comes back exactly as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostStatus {
    /// Seen only by its author and the teachers.
    Draft,
    /// Submitted, waiting for a teacher to publish it or send it back.
    Review,
    /// On the site.
    Published,
}

impl PostStatus {
    /// The value stored in `posts.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Review => "review",
            PostStatus::Published => "published",
        }
    }

    /// Reads a stored status; anything unknown is the most private.
    pub fn from_stored(value: &str) -> PostStatus {
        match value {
            "published" => PostStatus::Published,
            "review" => PostStatus::Review,
            _ => PostStatus::Draft,
        }
    }

    /// "Draft", "Waiting for review", "Published", for lists.
    pub fn label(self) -> &'static str {
        match self {
            PostStatus::Draft => "Draft",
            PostStatus::Review => "Waiting for review",
            PostStatus::Published => "Published",
        }
    }
}

/// Who wrote a post, as lists and pages show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    /// Account id.
    pub id: i64,
    /// For the author page's address.
    pub username: String,
    /// Shown beside the post.
    pub display_name: String,
    /// Written by a teacher: the byline carries a "Teacher" badge.
    pub is_teacher: bool,
}

/// A post as stored.
#[derive(Clone, Debug)]
pub struct Post {
    /// Database id; edit addresses use it, since the slug can change.
    pub id: i64,
    /// Who wrote it.
    pub author: Author,
    /// Its title.
    pub title: String,
    /// Its current address, `/posts/{slug}`.
    pub slug: String,
    /// The Markdown as written.
    pub body: String,
    /// The sanitized rendering.
    pub body_html: SafeHtml,
    /// A plain-text opening, for lists and descriptions.
    pub excerpt: String,
    /// Label names, in the order typed.
    pub labels: Vec<String>,
    /// Draft, review or published.
    pub status: PostStatus,
    /// A teacher's note when the post was sent back.
    pub review_note: Option<String>,
    /// First publication.
    pub published_at: Option<Timestamp>,
    /// Created.
    pub created_at: Timestamp,
    /// Last saved.
    pub updated_at: Timestamp,
    /// Last change saved after publication.
    pub edited_at: Option<Timestamp>,
    /// In the trash since.
    pub trashed_at: Option<Timestamp>,
    /// Whether new comments are accepted.
    pub comments_open: bool,
    /// The assignment it answers, if it does.
    pub answer_to: Option<AnswerTo>,
}

/// The assignment a post answers: "Answer to: …" on its page and card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerTo {
    /// The assignment's id, for its address.
    pub assignment_id: i64,
    /// Its title.
    pub title: String,
}

impl AnswerTo {
    /// From a post's `assignment_id` and its assignment's title, read beside it.
    pub fn from_columns(id: Option<i64>, title: Option<String>) -> Option<AnswerTo> {
        Some(AnswerTo {
            assignment_id: id?,
            title: title?,
        })
    }

    /// The assignment's page.
    pub fn path(&self) -> String {
        format!("/assignments/{}", self.assignment_id)
    }
}

impl Post {
    /// Published and not in the trash: what readers may see.
    pub fn is_live(&self) -> bool {
        self.status == PostStatus::Published && self.trashed_at.is_none()
    }

    /// The post's address.
    pub fn path(&self) -> String {
        format!("/posts/{}", self.slug)
    }
}

/// Whether `viewer` may read `post` (the site's class-only setting is checked apart).
pub fn may_read(post: &Post, viewer: Option<&User>) -> bool {
    post.is_live() || viewer.is_some_and(|user| may_change(post, user))
}

/// Whether `user` may edit, publish, unpublish, trash or restore `post`: its author,
/// or any teacher (who answers for what the class publishes).
pub fn may_change(post: &Post, user: &User) -> bool {
    user.is_teacher() || post.author.id == user.id
}

/// What pressing Publish does for `user`: publish, or submit for a teacher's review.
pub fn status_on_publish(user: &User, approval_required: bool) -> PostStatus {
    if approval_required && !user.is_teacher() {
        PostStatus::Review
    } else {
        PostStatus::Published
    }
}

/// A title, trimmed, 1–150 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// Checks a typed title.
    pub fn parse(input: &str) -> Result<Title, &'static str> {
        text::plain(input)?;
        let title = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err("Give your post a title.");
        }
        if title.chars().count() > TITLE_MAX {
            return Err("A title can be at most 150 characters long.");
        }
        Ok(Title(title))
    }

    /// The title as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A body in Markdown, at most 100,000 characters, within the rendering budget
/// (`budget`: quotes and lists at most 12 deep, HTML tags at most 48 deep, at most
/// 10,000 table cells), so rendering it takes time linear in its length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    /// Checks a typed body. An empty body is fine for a draft, not for publishing.
    pub fn parse(input: &str) -> Result<Body, &'static str> {
        text::plain(input)?;
        let body = input.replace("\r\n", "\n");
        if body.chars().count() > BODY_MAX {
            return Err(
                "Your post is longer than 100,000 characters. Split it into two posts? Your text is still here.",
            );
        }
        let body = body.trim_end().to_owned();
        budget::check(&body).map_err(budget::TooComplex::message)?;
        Ok(Body(body))
    }

    /// `parse` on the CPU pool: what async code calls, since measuring a long body
    /// against the budget takes up to ~30 ms (release build, 100,000 characters).
    pub async fn parse_in_pool(input: String) -> Result<Result<Body, &'static str>, Busy> {
        cpu::run(move || Body::parse(&input)).await
    }

    /// The Markdown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Renders the body on the CPU pool, for the live preview.
    pub async fn render(&self) -> Result<markdown::Rendered, Busy> {
        let markdown = self.0.clone();
        cpu::run(move || markdown::render(&markdown)).await
    }
}

/// A label and the slug of its page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// As typed the first time.
    pub name: String,
    /// `/labels/{slug}`
    pub slug: String,
}

/// Comma-separated labels, each with some letter or digit, no duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels(Vec<Label>);

impl Labels {
    /// Checks typed labels: "Volcanoes, science , Volcanoes" has two.
    pub fn parse(input: &str) -> Result<Labels, &'static str> {
        text::plain(input)?;
        let mut labels: Vec<Label> = Vec::new();
        for raw in input.split(',') {
            let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                continue;
            }
            if name.chars().count() > LABEL_MAX {
                return Err("A label can be at most 40 characters long.");
            }
            let slug = slug::slugify(&name);
            if slug.is_empty() {
                return Err("Each label needs a letter or a digit.");
            }
            if !labels.iter().any(|l| l.slug == slug) {
                labels.push(Label { name, slug });
            }
        }
        if labels.len() > LABELS_MAX {
            return Err("Use at most 10 labels.");
        }
        Ok(Labels(labels))
    }

    /// The labels.
    pub fn as_slice(&self) -> &[Label] {
        &self.0
    }

    /// "Volcanoes, Science", as stored for showing.
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A post's content, checked and rendered, ready to save.
#[derive(Debug)]
pub struct PostContent {
    /// Title.
    pub title: Title,
    /// Markdown body.
    pub body: Body,
    /// Labels.
    pub labels: Labels,
    /// The body rendered and sanitized.
    pub rendered: markdown::Rendered,
    /// The opening words.
    pub excerpt: String,
}

impl PostContent {
    /// Renders a checked title, body and labels on the CPU pool: what async code calls.
    pub async fn render(title: Title, body: Body, labels: Labels) -> Result<PostContent, Busy> {
        cpu::run(move || PostContent::new(title, body, labels)).await
    }

    /// Renders a checked title, body and labels on the calling thread.
    pub fn new(title: Title, body: Body, labels: Labels) -> PostContent {
        let rendered = markdown::render(body.as_str());
        let excerpt = markdown::excerpt(&rendered.text, 40);
        PostContent {
            title,
            body,
            labels,
            rendered,
            excerpt,
        }
    }

    /// What must be fixed before this can be published (a draft may have these).
    pub fn problems_for_publishing(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.body.as_str().trim().is_empty() {
            problems.push(("body", "Write something before you publish.".to_owned()));
        }
        let pictures = &self.rendered.pictures;
        if let Some((number, picture)) = pictures
            .iter()
            .enumerate()
            .find(|(_, p)| p.lacks_description())
        {
            problems.push(("body", undescribed_picture(number + 1, picture)));
        } else if self.rendered.images_without_description > 0 {
            problems.push((
                "body",
                "Every picture needs a description between the [ ] brackets, for readers \
                 who cannot see it."
                    .to_owned(),
            ));
        }
        problems
    }
}

/// Names the first picture still without a real description, and says what to do.
fn undescribed_picture(number: usize, picture: &markdown::Picture) -> String {
    let what = if picture.description.is_empty() {
        "has no description".to_owned()
    } else {
        format!("still says \"{}\"", picture.description)
    };
    format!(
        "Picture {number} ({}) {what}. Write what the picture shows between the [ ] \
         brackets, for readers who cannot see it.",
        picture.src
    )
}

/// A post for unit tests of the rules that depend on a post and who is asking.
#[cfg(test)]
pub(crate) fn test_post(author: &User, status: PostStatus) -> Post {
    Post {
        id: 1,
        author: Author {
            id: author.id,
            username: author.username.clone(),
            display_name: author.display_name.clone(),
            is_teacher: author.is_teacher(),
        },
        title: "T".into(),
        slug: "t".into(),
        body: String::new(),
        body_html: SafeHtml::default(),
        excerpt: String::new(),
        labels: vec![],
        status,
        review_note: None,
        published_at: None,
        created_at: Timestamp::now(),
        updated_at: Timestamp::now(),
        edited_at: None,
        trashed_at: None,
        comments_open: true,
        answer_to: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Role;
    use crate::accounts::test_user as user;
    use crate::posts::test_post as post;

    #[test]
    fn a_draft_is_seen_only_by_its_author_and_the_teachers() {
        let ana = user(1, Role::Student);
        let ben = user(2, Role::Student);
        let teacher = user(3, Role::Teacher);
        for status in [PostStatus::Draft, PostStatus::Review] {
            let draft = post(&ana, status);
            assert!(may_read(&draft, Some(&ana)));
            assert!(may_read(&draft, Some(&teacher)));
            assert!(!may_read(&draft, Some(&ben)));
            assert!(!may_read(&draft, None));
        }
    }

    #[test]
    fn a_trashed_post_is_hidden_from_readers() {
        let ana = user(1, Role::Student);
        let mut trashed = post(&ana, PostStatus::Published);
        assert!(may_read(&trashed, None));
        trashed.trashed_at = Some(Timestamp::now());
        assert!(!may_read(&trashed, None));
        assert!(!may_read(&trashed, Some(&user(2, Role::Student))));
    }

    #[test]
    fn only_the_author_and_teachers_may_change_a_post() {
        let ana = user(1, Role::Student);
        let published = post(&ana, PostStatus::Published);
        assert!(may_change(&published, &ana));
        assert!(may_change(&published, &user(3, Role::Teacher)));
        assert!(!may_change(&published, &user(2, Role::Student)));
    }

    #[test]
    fn with_approval_on_a_student_submits_for_review() {
        let ana = user(1, Role::Student);
        let teacher = user(3, Role::Teacher);
        assert_eq!(status_on_publish(&ana, true), PostStatus::Review);
        assert_eq!(status_on_publish(&ana, false), PostStatus::Published);
        assert_eq!(status_on_publish(&teacher, true), PostStatus::Published);
    }

    #[test]
    fn titles_are_required_and_bounded() {
        assert!(Title::parse("   ").is_err());
        assert!(Title::parse(&"t".repeat(151)).is_err());
        assert_eq!(Title::parse(" 🌋  🔥 ").map(|t| t.0), Ok("🌋 🔥".into()));
    }

    #[test]
    fn a_huge_body_is_refused() {
        assert!(Body::parse(&"x".repeat(BODY_MAX + 1)).is_err());
        assert!(Body::parse(&"x".repeat(BODY_MAX)).is_ok());
    }

    #[test]
    fn deeply_nested_quotes_and_lists_are_refused_with_a_message() {
        let nesting = budget::TooComplex::Nesting.message();
        let hostile = [
            format!("{} x", ">".repeat(99_990)),
            // (`- - -` alone is a horizontal rule, so a word ends each.)
            format!("{}x", "- ".repeat(49_999)),
            format!("{}x", "* ".repeat(49_999)),
            format!("{}x", "1. ".repeat(33_000)),
            format!("{}x", "> - > 1. ".repeat(11_000)),
            (0..200)
                .map(|level| format!("{}- item\n", "  ".repeat(level)))
                .collect(),
        ];
        for body in &hostile {
            assert_eq!(Body::parse(body).err(), Some(nesting), "{}", &body[..20]);
        }
        assert!(nesting.contains("12 levels"), "{nesting}");
    }

    #[test]
    fn deeply_nested_html_and_huge_tables_are_refused_with_a_message() {
        assert_eq!(
            Body::parse(&"<div>".repeat(20_000)).err(),
            Some(budget::TooComplex::HtmlDepth.message())
        );
        assert_eq!(
            Body::parse(&"<b title=1><i title=2></b>x\n\n".repeat(3_000)).err(),
            Some(budget::TooComplex::HtmlDepth.message())
        );
        let cells = format!(
            "{}\n{}\n{}",
            "|a".repeat(200),
            "|-".repeat(200),
            "|x\n".repeat(100)
        );
        assert_eq!(
            Body::parse(&cells).err(),
            Some(budget::TooComplex::TableCells.message())
        );
        assert_eq!(
            Body::parse("<svg><style><!--</style><div>x</div></svg>").err(),
            Some(budget::TooComplex::UnsupportedTag.message())
        );
    }

    #[test]
    fn a_body_at_every_limit_is_accepted_and_renders() {
        // Quotes and lists alternating, exactly 12 deep, then filled to the longest body.
        let deep = format!("{}deepest", "> - ".repeat(budget::MAX_NESTING / 2));
        let filler = "Lava *flows* and [cools](https://example.org). ".repeat(2_200);
        let mut body = format!("{deep}\n\n{filler}");
        body.truncate(BODY_MAX - 1);
        body.push('.');
        let body = match Body::parse(&body) {
            Ok(body) => body,
            Err(problem) => panic!("refused: {problem}"),
        };
        assert_eq!(body.as_str().chars().count(), BODY_MAX);
        let rendered = markdown::render(body.as_str());
        assert_eq!(
            rendered.html.as_str().matches("<blockquote>").count(),
            budget::MAX_NESTING / 2
        );
        assert!(
            rendered.text.starts_with("deepest"),
            "{}",
            &rendered.text[..40]
        );
        // One level more is refused.
        assert!(Body::parse(&format!("> {deep}")).is_err());
        // A table of 10,000 cells is fine.
        let table = format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(4_999));
        assert!(Body::parse(&table).is_ok());
    }

    #[tokio::test]
    async fn checking_and_rendering_on_the_pool_give_the_same_answers() {
        let body = Body::parse("# Lava\n\n> hot").unwrap_or_else(|_| Body(String::new()));
        let pooled = body.render().await.map(|r| r.html);
        assert_eq!(pooled, Ok(markdown::render(body.as_str()).html));
        assert_eq!(
            Body::parse_in_pool("# Lava\n\n> hot".into()).await,
            Ok(Ok(body))
        );
        assert_eq!(
            Body::parse_in_pool(format!("{} x", ">".repeat(99_990))).await,
            Ok(Err(budget::TooComplex::Nesting.message()))
        );
    }

    #[test]
    fn labels_are_trimmed_and_deduplicated() {
        let labels =
            Labels::parse("Volcanoes, science , volcanoes,, Earth Science").unwrap_or_default();
        let names: Vec<&str> = labels.as_slice().iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Volcanoes", "science", "Earth Science"]);
        assert_eq!(labels.as_slice()[2].slug, "earth-science");
        assert!(Labels::parse("!!!").is_err());
        assert!(
            Labels::parse(
                &(0..11)
                    .map(|n| format!("l{n}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .is_err()
        );
    }

    #[test]
    fn publishing_needs_a_body_and_described_pictures() {
        let content = |body: &str| {
            PostContent::new(
                Title::parse("T").unwrap_or_else(|_| Title("T".into())),
                Body::parse(body).unwrap_or_else(|_| Body(String::new())),
                Labels::default(),
            )
        };
        assert!(!content("").problems_for_publishing().is_empty());
        assert!(
            !content("![](/media/x)")
                .problems_for_publishing()
                .is_empty()
        );
        assert!(
            content("![Lava](/media/x)")
                .problems_for_publishing()
                .is_empty()
        );
    }
}
