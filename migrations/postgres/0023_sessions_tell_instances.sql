-- Each instance keeps a signed-in reader's session statement (who they are, and the
-- numbers their navigation shows) instead of reading it on every request, so it must
-- hear at once of every change to what that statement reads that the earlier
-- migrations' notifications do not cover: sessions started, extended or ended, events
-- told or read, and a member's commenting paused. They are sent on a third channel,
-- `quire_sessions`, which moves only the kept sessions. In step with
-- migrations/sqlite/0023.
create function quire_sessions_changed() returns trigger language plpgsql as $$
begin
    -- Identical notifications in one transaction are sent once, at commit.
    perform pg_notify('quire_sessions', '');
    return null;
end;
$$;

-- Row triggers: an update that changes no row (marking read what was read) tells no one.
create trigger sessions_moves_sessions after insert or update or delete on sessions
    for each row execute function quire_sessions_changed();

create trigger sessions_truncate_moves_sessions after truncate on sessions
    for each statement execute function quire_sessions_changed();

create trigger events_moves_sessions after insert or update or delete on events
    for each row execute function quire_sessions_changed();

create trigger events_truncate_moves_sessions after truncate on events
    for each statement execute function quire_sessions_changed();

create trigger users_moves_sessions after update of can_comment on users
    for each row when (old.can_comment is distinct from new.can_comment)
    execute function quire_sessions_changed();
