-- Counters that move whenever a kind of data changes, so every instance can keep a copy
-- of what is costly to compute (the home page's labels and archive) and know, with one
-- primary-key read, whether its copy is still right. Same DDL on Postgres.
create table change_counters (
    name text primary key,
    value bigint not null
);
-- 'posts' moves with every change to which posts are published, or to their titles,
-- labels or months.
insert into change_counters (name, value) values ('posts', 0);
