-- Importing a blog from the teacher's Settings (issue 13): the uploaded export and the
-- import's progress and report live here, not in one instance's memory, so any
-- instance behind the load balancer can show the preview and the progress. Kept in
-- step with migrations/postgres/0021_blog_imports.sql: they differ only in id, blob and
-- timestamp types.

-- One row per uploaded file. state: 'uploaded' (previewed, waiting for Import),
-- 'running' (an instance is importing it and beats `heartbeat_at` every few seconds),
-- 'done' (report kept), 'failed' (nothing was imported; the file is kept so it can be
-- started again). The file's bytes are set to null once the import is done; a
-- cancelled upload's row is deleted.
create table blog_imports (
    id integer primary key,
    teacher_id integer not null references users (id) on delete cascade,
    source text not null check (source in ('blogger', 'wordpress')),
    file_name text not null,
    export blob,
    state text not null check (state in ('uploaded', 'running', 'done', 'failed')),
    -- 'pictures' or 'writing' while running
    stage text not null default '',
    pictures_done integer not null default 0,
    pictures_total integer not null default 0,
    heartbeat_at text,
    -- what happened, as JSON (counts, skipped lines, new usernames; never a password)
    report text,
    -- why it failed, in words for the teacher
    error text,
    -- the address token of the new accounts' password sheet (the sheet itself, with
    -- the passwords, is in credential_sheets and deleted after an hour)
    sheet_token text,
    created_at text not null,
    finished_at text
);

-- Only one import runs at a time, even when two instances are asked at once.
create unique index blog_imports_one_running on blog_imports (state) where state = 'running';
