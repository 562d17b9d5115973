-- Comments, their moderation log, and what the teacher can switch per student, on Postgres.
-- Kept in step with migrations/sqlite/0004_comments.sql: only ids and timestamps differ.

create table comments (
    id bigint generated always as identity primary key,
    post_id bigint not null references posts (id) on delete cascade,
    -- the comment this one answers; replies nest at most three deep
    parent_id bigint references comments (id) on delete cascade,
    depth integer not null check (depth between 1 and 3),
    -- a class member, or null for a guest (who gives a name instead)
    author_id bigint references users (id),
    guest_name text,
    body text not null,
    -- rendered and sanitized when saved
    body_html text not null,
    state text not null check (state in ('pending', 'approved', 'rejected', 'spam', 'deleted')),
    -- why a comment is back in the queue: 'reported' by a reader, 'hidden' by the post's author
    flag text check (flag in ('reported', 'hidden')),
    flag_reason text,
    flagged_by bigint references users (id),
    -- a teacher's private note to the commenter when rejecting
    rejection_note text,
    edited_by_teacher boolean not null default false,
    -- for spotting the same comment posted twice
    body_hash text not null,
    -- the client address, for rate limits on guests
    address text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    approved_at timestamptz
);
-- A post's thread, oldest first.
create index comments_post on comments (post_id, state, created_at, id);
-- The moderation queue, newest first, by state.
create index comments_state on comments (state, created_at desc, id desc);
create index comments_author on comments (author_id, created_at);
create index comments_address on comments (address, created_at);

-- Every moderation action: who, what, when, the state before and after.
create table moderation_log (
    id bigint generated always as identity primary key,
    comment_id bigint not null references comments (id) on delete cascade,
    -- null when quire itself decided (an automatic rule)
    actor_id bigint references users (id),
    action text not null,
    from_state text,
    to_state text not null,
    note text,
    created_at timestamptz not null
);
create index moderation_log_comment on moderation_log (comment_id, id);
create index moderation_log_created on moderation_log (created_at desc, id desc);

-- Approved comments, counted when they change, so lists never count per row.
alter table posts add column comment_count bigint not null default 0;

-- A teacher can stop a student from commenting; the student still reads and writes posts.
alter table users add column can_comment boolean not null default true;
-- When the student last looked at new comments on their posts.
alter table users add column comments_seen_at timestamptz;
