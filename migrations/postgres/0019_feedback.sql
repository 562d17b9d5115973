-- Private feedback (issue 14, item 4): a teacher's words on a student's post, seen only
-- by its author and the teachers, with every saved version kept. On Postgres. Kept in
-- step with migrations/sqlite/0019_feedback.sql: they differ only in id and timestamp
-- types, and in how the events' list of kinds grows (SQLite cannot alter a check constraint).

-- At most one feedback per post, shared by the teachers (a co-teacher edits the same
-- one). Only the Markdown is kept: it is rendered when shown, to two or three readers.
create table feedback (
    id bigint generated always as identity primary key,
    post_id bigint not null unique references posts (id) on delete cascade,
    -- who saved the current version
    teacher_id bigint not null references users (id),
    body text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    -- when the author saw the current version; cleared by every edit
    seen_at timestamptz
);

-- Every saved version, the current one included, never changed afterwards.
create table feedback_revisions (
    id bigint generated always as identity primary key,
    feedback_id bigint not null references feedback (id) on delete cascade,
    teacher_id bigint not null references users (id),
    body text not null,
    created_at timestamptz not null
);
create index feedback_revisions_feedback on feedback_revisions (feedback_id, id);

-- The author is told of feedback in What's new: two more kinds of event.
alter table events drop constraint events_kind_check;
alter table events add constraint events_kind_check check (kind in ('comment', 'reply',
    'rejected', 'sent_back', 'published', 'feedback', 'feedback_updated'));
