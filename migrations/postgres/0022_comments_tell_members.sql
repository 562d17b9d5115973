-- A comment that readers who are not signed in cannot see (one waiting for the teacher,
-- rejected, or marked as spam) still changes what its author and the teachers see on
-- the post's page. Migration 0012 tells other instances only of approved comments; these
-- triggers tell them of the rest on a second channel, `quire_members`, which moves only
-- what instances keep for signed-in members, so a class's waiting comments still empty
-- no page kept for anonymous readers. In step with migrations/sqlite/0022.
create function quire_members_changed() returns trigger language plpgsql as $$
begin
    -- Identical notifications in one transaction are sent once, at commit.
    perform pg_notify('quire_members', '');
    return null;
end;
$$;

create trigger comments_insert_moves_members after insert on comments
    for each row when (new.state <> 'approved') execute function quire_members_changed();

create trigger comments_update_moves_members after update on comments
    for each row when (old.state <> 'approved' and new.state <> 'approved')
    execute function quire_members_changed();

create trigger comments_delete_moves_members after delete on comments
    for each row when (old.state <> 'approved') execute function quire_members_changed();
