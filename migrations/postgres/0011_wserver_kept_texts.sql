-- Text kept for writers so nothing typed is lost (issue 11), on postgres. Kept in step with the
-- other backend's 0011_wserver_kept_texts.sql: they differ only in id and timestamp types.

-- The latest autosave of a post that readers or a teacher can see (published, or waiting for
-- review): saving it into the post would change the live page without a revision or review,
-- so it waits here until the writer presses Update. A draft's autosave goes into the post.
create table autosaves (
    post_id bigint primary key references posts (id) on delete cascade,
    user_id bigint not null references users (id) on delete cascade,
    title text not null,
    body text not null,
    labels text not null,
    saved_at timestamptz not null
);

-- A Write form posted after its session ended: kept under a random token (only its hash
-- is stored) until the writer signs in again and opens /write/resume/{token}. In the
-- database, not in memory, so any instance can give it back. Old ones are purged.
create table pending_texts (
    token_hash text primary key,
    -- the post being edited, or null for a new one
    post_id bigint references posts (id) on delete cascade,
    title text not null,
    body text not null,
    labels text not null,
    created_at timestamptz not null
);
create index pending_texts_created on pending_texts (created_at);
