-- Every instance keeps rendered pages for readers who are not signed in (web/page_cache.rs)
-- and must drop them the moment anything a reader sees changes, whichever process made
-- the change. quire's own writes drop this instance's copies at once; these triggers
-- tell everyone else: on SQLite they move the 'content' counter, which each server reads
-- four times a second; on Postgres they send a notification that every instance listens
-- for. The tables are those a page shows; sessions, sign-in failures, set-up links,
-- revisions and the moderation log are seen by no anonymous reader, nor a password or
-- the time a student last read their comments.
create function quire_content_changed() returns trigger language plpgsql as $$
begin
    -- Identical notifications in one transaction are sent once, at commit.
    perform pg_notify('quire_content', '');
    return null;
end;
$$;

create trigger users_moves_content after insert or update of username, display_name, role, active, bio or delete or truncate on users
    for each statement execute function quire_content_changed();

create trigger settings_moves_content after insert or update or delete or truncate on settings
    for each statement execute function quire_content_changed();

create trigger posts_moves_content after insert or update or delete or truncate on posts
    for each statement execute function quire_content_changed();

create trigger post_slugs_moves_content after insert or update or delete or truncate on post_slugs
    for each statement execute function quire_content_changed();

create trigger labels_moves_content after insert or update or delete or truncate on labels
    for each statement execute function quire_content_changed();

create trigger post_labels_moves_content after insert or update or delete or truncate on post_labels
    for each statement execute function quire_content_changed();

create trigger images_moves_content after insert or update or delete or truncate on images
    for each statement execute function quire_content_changed();

create trigger comments_moves_content after insert or update or delete or truncate on comments
    for each statement execute function quire_content_changed();
