-- Pictures uploaded into posts, on Postgres. Kept in step with migrations/sqlite/0003_images.sql:
-- the two differ only in the uploader id, blob and timestamp types. (0002 is the posts migration.)

-- The bytes live in the database, not on disk, so every app instance on one Postgres serves
-- the same pictures and a backup of the database is a backup of everything.
create table images (
    -- a random public id (the URL is /media/{id}); never derived from the file name, and
    -- unguessable, so a picture cannot be found by counting
    id text primary key,
    -- no cascade: deactivating an account keeps its posts, so it keeps their pictures too
    uploader_id bigint not null references users (id),
    -- what the upload was re-encoded to: image/jpeg or image/png, never the sender's claim
    content_type text not null,
    width integer not null,
    height integer not null,
    -- the re-encoded picture (no EXIF, no GPS), at most 1600 pixels wide
    data bytea not null,
    -- a copy at most 480 pixels wide, for lists and slow connections; same content type
    small_width integer not null,
    small_height integer not null,
    small_data bytea not null,
    -- the name on the child's computer, trimmed and without folders; only ever shown as text
    original_name text not null,
    created_at timestamptz not null
);
-- "my pictures", newest first, without scanning everyone's.
create index images_uploader_created on images (uploader_id, created_at);
