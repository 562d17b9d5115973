-- Groups of the class roster (issue 12): "Period 5", "2026–27". A student belongs to at most
-- one. Kept in step with migrations/postgres/0013_groups.sql: they differ only in id and
-- timestamp types. Laid down first so the roster and assignments build on one table.
create table class_groups (
    id integer primary key,
    name text not null,
    created_at text not null
);
create unique index class_groups_name_key on class_groups (lower(name));

-- Removing a group keeps its students, in no group.
alter table users add column group_id integer references class_groups (id) on delete set null;
create index users_group_id on users (group_id);
