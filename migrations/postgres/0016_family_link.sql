-- The family link (issue 12): one secret address a teacher of a class-only blog hands
-- to families, who may then read it. Kept in step with migrations/sqlite/0016_family_link.sql:
-- the two are the same.

-- At most one row: the link now in use. Renewing replaces its token; turning the link
-- off deletes the row. The token is kept as it is (not hashed) so the teacher can see and
-- print the address again; backups leave the table out.
create table family_links (
    id integer primary key check (id = 1),
    token text not null
);
