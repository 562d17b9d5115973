-- What's new for each member (issue 12), on
-- Postgres. Kept in step with migrations/sqlite/0015_events.sql: they
-- differ only in id and timestamp types.

-- One line per thing that happened to a member's work, written in the same transaction
-- as the action that caused it, never for the member's own actions. Read when its target
-- is seen or all at once; kept after reading, so one visit loses nothing.
create table events (
    id bigint generated always as identity primary key,
    -- who is told
    user_id bigint not null references users (id) on delete cascade,
    kind text not null check (kind in ('comment', 'reply', 'rejected', 'sent_back', 'published')),
    post_id bigint not null references posts (id) on delete cascade,
    -- the comment approved, answered or rejected; null for a post's own events
    comment_id bigint references comments (id) on delete cascade,
    -- the teacher's note, as it was when the post was sent back or the comment rejected
    note text,
    created_at timestamptz not null,
    read_at timestamptz
);
-- The navigation's count on every signed-in page, and marking a post's events read.
create index events_unread on events (user_id, post_id) where read_at is null;
-- Your posts: the member's events, newest first.
create index events_user_created on events (user_id, created_at desc, id desc);
-- A comment approved twice (reported, then approved again) tells nobody twice.
create index events_comment on events (comment_id, user_id);
create index events_post on events (post_id);

-- Replaced by the events: "new comments since your last visit" cleared after one visit.
alter table users drop column comments_seen_at;

