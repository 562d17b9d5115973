-- A comment that readers who are not signed in cannot see (one waiting for the teacher,
-- rejected, or marked as spam) still changes what its author and the teachers see on
-- the post's page. Migration 0012 moves the 'content' counter only for approved
-- comments; these triggers move a second counter, 'members', for the rest, which moves
-- only what a server keeps for signed-in members, so a class's waiting comments still
-- empty no page kept for anonymous readers. In step with migrations/postgres/0022.
insert into change_counters (name, value) values ('members', 0);

create trigger comments_insert_moves_members after insert on comments
when new.state <> 'approved'
begin
    update change_counters set value = value + 1 where name = 'members';
end;

create trigger comments_update_moves_members after update on comments
when old.state <> 'approved' and new.state <> 'approved'
begin
    update change_counters set value = value + 1 where name = 'members';
end;

create trigger comments_delete_moves_members after delete on comments
when old.state <> 'approved'
begin
    update change_counters set value = value + 1 where name = 'members';
end;
