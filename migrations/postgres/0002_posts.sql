-- Posts, their labels, old addresses and revisions, and full-text search, on Postgres.
-- Kept in step with migrations/sqlite/0002_posts.sql: only ids, timestamps and the
-- search index differ (a tsvector column here, FTS5 there).

create table posts (
    id bigint generated always as identity primary key,
    author_id bigint not null references users (id),
    title text not null,
    -- the current address, /posts/{slug}; earlier ones live in post_slugs
    slug text not null,
    -- Markdown as the student wrote it
    body text not null,
    -- rendered and sanitized when saved, so reading never renders Markdown
    body_html text not null,
    -- plain text of the body, for search and excerpts
    body_text text not null,
    excerpt text not null,
    -- label names as typed, comma separated, for showing without a join
    labels text not null default '',
    status text not null check (status in ('draft', 'review', 'published')),
    -- a teacher's private note when a post is sent back from review
    review_note text,
    published_at timestamptz,
    -- 'YYYY-MM' of published_at in the school's time zone, for the archive
    published_month text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    -- the last saved change after first publication ("Updated …")
    edited_at timestamptz,
    -- set while the post is in the trash; purged 30 days later
    trashed_at timestamptz,
    comments_open boolean not null default true
);
create unique index posts_slug_key on posts (slug);
-- The home page and feeds: newest published first, keyset-paginated on (published_at, id).
create index posts_published on posts (published_at desc, id desc)
    where status = 'published' and trashed_at is null;
create index posts_author on posts (author_id, published_at desc, id desc);
create index posts_month on posts (published_month, published_at desc, id desc)
    where status = 'published' and trashed_at is null;
create index posts_status on posts (status, updated_at);

-- Addresses a post answered at before its title changed; each redirects to the post.
create table post_slugs (
    slug text primary key,
    post_id bigint not null references posts (id) on delete cascade
);

create table labels (
    id bigint generated always as identity primary key,
    name text not null,
    slug text not null
);
create unique index labels_slug_key on labels (slug);

create table post_labels (
    post_id bigint not null references posts (id) on delete cascade,
    label_id bigint not null references labels (id) on delete cascade,
    primary key (post_id, label_id)
);
create index post_labels_label on post_labels (label_id, post_id);

-- Every saved version of a published post.
create table post_revisions (
    id bigint generated always as identity primary key,
    post_id bigint not null references posts (id) on delete cascade,
    editor_id bigint not null references users (id),
    title text not null,
    body text not null,
    labels text not null,
    created_at timestamptz not null
);
create index post_revisions_post on post_revisions (post_id, id desc);

-- Full-text search over titles and bodies: a generated tsvector with a GIN index.
-- 'simple' does no stemming, so it treats every language a class writes in alike.
alter table posts add column search tsvector generated always as (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body_text), 'B')
) stored;
create index posts_search on posts using gin (search);
