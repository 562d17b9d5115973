-- Private feedback (issue 14, item 4): a teacher's words on a student's post, seen only
-- by its author and the teachers, with every saved version kept. On SQLite. Kept in step
-- with migrations/postgres/0019_feedback.sql: they differ only in id and timestamp types,
-- and in how the events' list of kinds grows (SQLite cannot alter a check constraint).

-- At most one feedback per post, shared by the teachers (a co-teacher edits the same
-- one). Only the Markdown is kept: it is rendered when shown, to two or three readers.
create table feedback (
    id integer primary key,
    post_id integer not null unique references posts (id) on delete cascade,
    -- who saved the current version
    teacher_id integer not null references users (id),
    body text not null,
    created_at text not null,
    updated_at text not null,
    -- when the author saw the current version; cleared by every edit
    seen_at text
);

-- Every saved version, the current one included, never changed afterwards.
create table feedback_revisions (
    id integer primary key,
    feedback_id integer not null references feedback (id) on delete cascade,
    teacher_id integer not null references users (id),
    body text not null,
    created_at text not null
);
create index feedback_revisions_feedback on feedback_revisions (feedback_id, id);

-- The author is told of feedback in What's new: two more kinds of event. SQLite keeps a
-- check constraint in the table's definition, so the table is made again with the
-- longer list (its rows, ids and indexes as they were).
create table events_next (
    id integer primary key,
    user_id integer not null references users (id) on delete cascade,
    kind text not null check (kind in ('comment', 'reply', 'rejected', 'sent_back', 'published',
        'feedback', 'feedback_updated')),
    post_id integer not null references posts (id) on delete cascade,
    comment_id integer references comments (id) on delete cascade,
    note text,
    created_at text not null,
    read_at text
);
insert into events_next (id, user_id, kind, post_id, comment_id, note, created_at, read_at)
    select id, user_id, kind, post_id, comment_id, note, created_at, read_at from events;
drop table events;
alter table events_next rename to events;
create index events_unread on events (user_id, post_id) where read_at is null;
create index events_user_created on events (user_id, created_at desc, id desc);
create index events_comment on events (comment_id, user_id);
create index events_post on events (post_id);
