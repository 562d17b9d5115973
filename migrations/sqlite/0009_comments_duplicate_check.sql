-- "Has this author already posted this text here?" is asked for every comment sent. It
-- read every comment on the post (by comments_post), so a popular post made each new
-- comment slower: 3.6 ms of CPU a comment once the benchmark posts had 1,000 each.
-- Same DDL on both databases.
create index comments_post_body on comments (post_id, body_hash);
