-- The roster (issue 12): when each account last signed in, removed accounts, and the
-- password sheets a teacher prints. Kept in step with migrations/sqlite/0014_roster.sql:
-- they differ only in id and timestamp types.

-- Shown on Class; written at sign-in, so not among the columns 0008's trigger watches.
alter table users add column last_sign_in_at timestamptz;
-- A removed student: the row stays (as "Former student") so kept posts and comments keep
-- an author, but it never signs in again and Class no longer lists it.
alter table users add column removed_at timestamptz;

-- A sheet of new sign-in details, kept for a short time so that a reload, Back or a
-- second instance behind the load balancer shows it again instead of making new accounts.
-- Only the teacher who made it can read it; expired sheets are deleted when the next is made.
create table credential_sheets (
    -- SHA-256 of the random token in the sheet's address
    token_hash text primary key,
    teacher_id bigint not null references users (id) on delete cascade,
    heading text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index credential_sheets_expires_at on credential_sheets (expires_at);

create table credential_sheet_rows (
    token_hash text not null references credential_sheets (token_hash) on delete cascade,
    position integer not null,
    display_name text not null,
    username text not null,
    -- the generated password, in the clear until the sheet expires: it is printed anyway
    password text not null,
    primary key (token_hash, position)
);
