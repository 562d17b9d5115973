-- Every instance keeps rendered pages for readers who are not signed in (web/page_cache.rs)
-- and must drop them the moment anything a reader sees changes, whichever process made
-- the change. quire's own writes drop this instance's copies at once; these triggers
-- tell everyone else: on SQLite they move the 'content' counter, which each server reads
-- four times a second; on Postgres they send a notification that every instance listens
-- for. The tables are those a page shows; sessions, sign-in failures, set-up links,
-- revisions and the moderation log are seen by no anonymous reader, nor a password or
-- the time a student last read their comments.
insert into change_counters (name, value) values ('content', 0);

create trigger users_insert_moves_content after insert on users
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger users_update_moves_content after update of username, display_name, role, active, bio on users
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger users_delete_moves_content after delete on users
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger settings_insert_moves_content after insert on settings
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger settings_update_moves_content after update on settings
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger settings_delete_moves_content after delete on settings
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger posts_insert_moves_content after insert on posts
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger posts_update_moves_content after update on posts
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger posts_delete_moves_content after delete on posts
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_slugs_insert_moves_content after insert on post_slugs
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_slugs_update_moves_content after update on post_slugs
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_slugs_delete_moves_content after delete on post_slugs
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger labels_insert_moves_content after insert on labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger labels_update_moves_content after update on labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger labels_delete_moves_content after delete on labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_labels_insert_moves_content after insert on post_labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_labels_update_moves_content after update on post_labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger post_labels_delete_moves_content after delete on post_labels
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger images_insert_moves_content after insert on images
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger images_update_moves_content after update on images
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger images_delete_moves_content after delete on images
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger comments_insert_moves_content after insert on comments
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger comments_update_moves_content after update on comments
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger comments_delete_moves_content after delete on comments
begin
    update change_counters set value = value + 1 where name = 'content';
end;
