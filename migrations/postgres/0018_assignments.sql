-- Assignments (issue 14): the work a teacher sets, answered by students with ordinary
-- posts. Kept in step with migrations/sqlite/0018_assignments.sql: they differ only in
-- id and timestamp types and in how a change is announced (0008's two mechanisms).
create table assignments (
    id bigint generated always as identity primary key,
    title text not null,
    -- Markdown as the teacher wrote it, and rendered once when saved, like a post's body
    instructions text not null,
    instructions_html text not null,
    -- the class's due moment, UTC; a student may have their own (assignment_extensions)
    due_at timestamptz not null,
    -- set for one group, or for every student when null (also when its group is deleted)
    group_id bigint references class_groups (id) on delete set null,
    -- comments each student should leave on classmates' answers; 0 = none
    comments_required bigint not null default 0 check (comments_required between 0 and 20),
    answers_visible_before_due boolean not null default false,
    closed boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
-- The Assignments list: open ones first, by due date.
create index assignments_listed on assignments (closed, due_at, id);

-- An answer is a post linked to its assignment; deleting the assignment keeps the post.
alter table posts add column assignment_id bigint references assignments (id) on delete set null;
-- One answer per student per assignment, and the teacher's table's way in.
create unique index posts_one_answer on posts (assignment_id, author_id)
    where assignment_id is not null;

-- A later due moment for one student.
create table assignment_extensions (
    assignment_id bigint not null references assignments (id) on delete cascade,
    student_id bigint not null references users (id) on delete cascade,
    due_at timestamptz not null,
    primary key (assignment_id, student_id)
);

-- A post page says "Answer to: <title>" to every reader: renaming an assignment changes
-- kept pages (0008).
create trigger assignments_moves_content after insert or update or delete or truncate on assignments
    for each statement execute function quire_content_changed();
