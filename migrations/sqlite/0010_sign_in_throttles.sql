-- Sign-in throttling by counters with progressive delays (issue 15), replacing one row
-- per failure. A row counts failures for one subject: a username from one address
-- ('pair'), one address for every username ('address'), or one device cookie ('device').
-- The rules (how many failures are free, how the delay doubles, how fast failures are
-- forgiven) live in src/auth/throttle.rs; the database only keeps the counts, so the
-- same statements serve SQLite and Postgres and no date arithmetic is done in SQL.
-- Only column types differ between the two folders: times are text on SQLite (written
-- fixed-width in UTC so they sort) and timestamptz on Postgres; the count is a 64-bit
-- integer on both.
create table sign_in_throttles (
    -- 'pair', 'address' or 'device'; plain text, read the same way on both databases
    scope text not null,
    -- what is counted within the scope: "address username" for a pair, the address
    -- (an IPv6 address as its /64) for an address, the cookie's nonce for a device
    subject text not null,
    -- for the teacher's list on Class: who and where; '' where the scope has none
    username text not null default '',
    address text not null default '',
    -- failures still counted as of last_failed_at; older ones are forgiven in Rust
    failures integer not null default 0,
    last_failed_at text not null,
    -- no attempt for this subject is checked before then; null when no delay applies.
    -- For a withdrawn device cookie it is the cookie's own expiry, so the row (and the
    -- withdrawal) outlives every copy of the cookie.
    blocked_until text,
    -- one row per subject: the check-and-count locks and updates exactly this row
    primary key (scope, subject)
);
-- The Class page lists delays in force or recently ended; the purge finds quiet rows.
create index sign_in_throttles_blocked_until on sign_in_throttles (blocked_until);
create index sign_in_throttles_last_failed_at on sign_in_throttles (last_failed_at);
-- A teacher's password reset clears the username's counts from every address.
create index sign_in_throttles_username on sign_in_throttles (username);

-- The per-failure rows counted over a window are no longer read. Dropping them forgives
-- any lock in force at upgrade, which is at most fifteen minutes of someone's wait.
drop table sign_in_failures;
