-- Look-alike names made impossible at the database (issue 12): two requests that both
-- passed the app's check could otherwise give two members names that read the same.
-- Kept in step with migrations/postgres/0020_name_skeletons.sql: the two are the same.

-- The name's comparison form (see src/names: case, spacing, accents and look-alike
-- letters folded), written by quire with every name it stores. Null for a name with
-- nothing to compare, for a removed "Former student", and for a look-alike the teacher
-- added on purpose from the add-students preview (two real Emma Johnsons). Rows made
-- before this migration are filled when quire starts, since the folding needs Unicode's
-- confusables table, which SQL does not have.
alter table users add column name_skeleton text;

-- Nulls never clash, on both databases.
create unique index users_name_skeleton_unique on users (name_skeleton);
