-- Posts, their labels, old addresses and revisions, and full-text search, on SQLite.
-- Kept in step with migrations/postgres/0002_posts.sql: only ids, timestamps and the
-- search index differ (FTS5 here, a tsvector column there).

create table posts (
    id integer primary key,
    author_id integer not null references users (id),
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
    published_at text,
    -- 'YYYY-MM' of published_at in the school's time zone, for the archive
    published_month text,
    created_at text not null,
    updated_at text not null,
    -- the last saved change after first publication ("Updated …")
    edited_at text,
    -- set while the post is in the trash; purged 30 days later
    trashed_at text,
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
    post_id integer not null references posts (id) on delete cascade
);

create table labels (
    id integer primary key,
    name text not null,
    slug text not null
);
create unique index labels_slug_key on labels (slug);

create table post_labels (
    post_id integer not null references posts (id) on delete cascade,
    label_id integer not null references labels (id) on delete cascade,
    primary key (post_id, label_id)
);
create index post_labels_label on post_labels (label_id, post_id);

-- Every saved version of a published post.
create table post_revisions (
    id integer primary key,
    post_id integer not null references posts (id) on delete cascade,
    editor_id integer not null references users (id),
    title text not null,
    body text not null,
    labels text not null,
    created_at text not null
);
create index post_revisions_post on post_revisions (post_id, id desc);

-- Full-text search over titles and bodies: an external-content FTS5 table kept in step
-- by triggers, so the text is stored once.
create virtual table posts_search using fts5 (
    title, body_text,
    content = 'posts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger posts_search_insert after insert on posts begin
    insert into posts_search (rowid, title, body_text) values (new.id, new.title, new.body_text);
end;
create trigger posts_search_delete after delete on posts begin
    insert into posts_search (posts_search, rowid, title, body_text)
        values ('delete', old.id, old.title, old.body_text);
end;
create trigger posts_search_update after update of title, body_text on posts begin
    insert into posts_search (posts_search, rowid, title, body_text)
        values ('delete', old.id, old.title, old.body_text);
    insert into posts_search (rowid, title, body_text) values (new.id, new.title, new.body_text);
end;
