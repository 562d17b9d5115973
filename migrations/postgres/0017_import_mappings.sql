-- Importing from Blogger and WordPress (issue 13). Kept in step with
-- migrations/sqlite/0017_import_mappings.sql: the two differ only in id types.

-- What each imported thing was called at its source, and what it became here.
-- kind 'entry': the source's own id of a post or comment (Blogger's entry id, a
-- WordPress site's post or comment id): a second import of the same file finds it and
-- adds nothing. kind 'address': an old address of the blog (`/2014/12/volcanoes.html`,
-- `/?p=12`, `/2014/12/14/volcanoes/`, `/volcanoes/`, Blogger's `?showComment=`), which
-- answers 308 to the post (and the comment's anchor). Keys are unique across sources:
-- the first import to claim an old address keeps it.
create table import_mappings (
    kind text not null check (kind in ('entry', 'address')),
    key text not null,
    source text not null check (source in ('blogger', 'wordpress')),
    post_id bigint not null references posts (id) on delete cascade,
    comment_id bigint references comments (id) on delete cascade,
    primary key (kind, key)
);
create index import_mappings_post on import_mappings (post_id);
create index import_mappings_comment on import_mappings (comment_id);
