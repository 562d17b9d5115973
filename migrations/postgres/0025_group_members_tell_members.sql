-- Who is in which group (`users.group_id`) is read for the teacher's pages: the groups'
-- counts on Class and the queue filtered by group, both kept by each instance with the
-- members' generation. Migration 0008's trigger on users does not fire for this column,
-- so moving a student between groups tells the other instances here, on
-- `quire_members` (migration 0022's function). In step with migrations/sqlite/0025.
create trigger users_group_moves_members after update of group_id on users
    for each statement execute function quire_members_changed();
