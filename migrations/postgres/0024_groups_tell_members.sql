-- The class's groups are read for the teacher's pages (the moderation queue's filter,
-- the class list) and kept by each instance with the members' generation: a group made,
-- renamed or deleted on one instance tells the others on `quire_members` (migration
-- 0022's function). In step with migrations/sqlite/0024.
create trigger class_groups_moves_members after insert or update or delete or truncate
    on class_groups for each statement execute function quire_members_changed();
