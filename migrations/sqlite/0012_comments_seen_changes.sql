-- A comment changes what anonymous readers see only while it is approved, or as it
-- becomes or stops being approved: a comment waiting for the teacher (most of a class's
-- comments when comments need approval) must not empty every instance's page cache.
drop trigger comments_insert_moves_content;
drop trigger comments_update_moves_content;
drop trigger comments_delete_moves_content;

create trigger comments_insert_moves_content after insert on comments
when new.state = 'approved'
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger comments_update_moves_content after update on comments
when old.state = 'approved' or new.state = 'approved'
begin
    update change_counters set value = value + 1 where name = 'content';
end;

create trigger comments_delete_moves_content after delete on comments
when old.state = 'approved'
begin
    update change_counters set value = value + 1 where name = 'content';
end;
