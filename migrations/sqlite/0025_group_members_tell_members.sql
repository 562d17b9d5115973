-- Who is in which group (`users.group_id`) is read for the teacher's pages: the groups'
-- counts on Class and the queue filtered by group, both kept by each server with the
-- members' generation. Migration 0008's trigger on users does not fire for this column,
-- so moving a student between groups moves the 'members' counter here, for any other
-- process writing the file. In step with migrations/postgres/0025.
create trigger users_group_moves_members after update of group_id on users
begin
    update change_counters set value = value + 1 where name = 'members';
end;
