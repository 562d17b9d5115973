-- The class's groups are read for the teacher's pages (the moderation queue's filter,
-- the class list) and kept by each server with the members' generation: a group made,
-- renamed or deleted by another process moves the 'members' counter (migration 0022's).
-- In step with migrations/postgres/0024.
create trigger class_groups_insert_moves_members after insert on class_groups
begin
    update change_counters set value = value + 1 where name = 'members';
end;

create trigger class_groups_update_moves_members after update on class_groups
begin
    update change_counters set value = value + 1 where name = 'members';
end;

create trigger class_groups_delete_moves_members after delete on class_groups
begin
    update change_counters set value = value + 1 where name = 'members';
end;
