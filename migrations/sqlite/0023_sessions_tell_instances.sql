-- A server keeps a signed-in reader's session statement (who they are, and the numbers
-- their navigation shows) instead of reading it on every request, so it must hear of
-- every change another process makes to what that statement reads that the earlier
-- counters do not cover: sessions started, extended or ended, events told or read, and
-- a member's commenting paused. They move a third counter, 'sessions', which moves only
-- the kept sessions. In step with migrations/postgres/0023.
insert into change_counters (name, value) values ('sessions', 0);

create trigger sessions_insert_moves_sessions after insert on sessions
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger sessions_update_moves_sessions after update on sessions
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger sessions_delete_moves_sessions after delete on sessions
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger events_insert_moves_sessions after insert on events
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger events_update_moves_sessions after update on events
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger events_delete_moves_sessions after delete on events
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;

create trigger users_can_comment_moves_sessions after update of can_comment on users
begin
    update change_counters set value = value + 1 where name = 'sessions';
end;
