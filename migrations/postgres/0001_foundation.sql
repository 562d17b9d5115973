-- quire's foundation on Postgres: accounts, sessions, sign-in throttling, set-up tokens, settings.
-- Kept in step with migrations/sqlite/0001_foundation.sql: the two differ only in id columns
-- and timestamp types. Timestamps are written by the app (UTC, milliseconds), never defaulted
-- here, so both backends hold the same values.

create table users (
    id bigint generated always as identity primary key,
    -- as typed at creation; uniqueness and look-ups ignore case
    username text not null,
    display_name text not null,
    -- an Argon2id PHC string
    password_hash text not null,
    role text not null check (role in ('teacher', 'student')),
    -- a deactivated account cannot sign in, but its posts and comments stay
    active boolean not null default true,
    bio text not null default '',
    created_at timestamptz not null
);
create unique index users_username_key on users (lower(username));

-- Server-side sessions: the cookie carries a random token, the table only its SHA-256,
-- so a leaked database does not hand out live sessions.
create table sessions (
    token_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index sessions_user_id on sessions (user_id);
create index sessions_expires_at on sessions (expires_at);

-- One row per failed sign-in; counted over a sliding window, purged when old.
create table sign_in_failures (
    id bigint generated always as identity primary key,
    -- lower-cased, whether or not such a user exists
    username text not null,
    address text not null,
    failed_at timestamptz not null
);
create index sign_in_failures_username on sign_in_failures (username, failed_at);
create index sign_in_failures_address on sign_in_failures (address, failed_at);

-- One-time links that let the first teacher create their account.
create table setup_tokens (
    token_hash text primary key,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);

-- Site-wide settings the teachers change at run time, shared by every instance.
create table settings (
    key text primary key,
    value text not null
);
