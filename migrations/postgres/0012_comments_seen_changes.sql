-- A comment changes what anonymous readers see only while it is approved, or as it
-- becomes or stops being approved: a comment waiting for the teacher (most of a class's
-- comments when comments need approval) must not empty every instance's page cache.
-- Row triggers, for their WHEN; identical notifications are still sent once a commit.
drop trigger comments_moves_content on comments;

create trigger comments_insert_moves_content after insert on comments
    for each row when (new.state = 'approved') execute function quire_content_changed();

create trigger comments_update_moves_content after update on comments
    for each row when (old.state = 'approved' or new.state = 'approved')
    execute function quire_content_changed();

create trigger comments_delete_moves_content after delete on comments
    for each row when (old.state = 'approved') execute function quire_content_changed();

create trigger comments_truncate_moves_content after truncate on comments
    for each statement execute function quire_content_changed();
