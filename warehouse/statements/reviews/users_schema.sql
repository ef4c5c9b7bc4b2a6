-- Dashboard users in the review store (SQLite): argon2 hashes only, lockout state, disabling.
create table if not exists users (
    name text primary key,
    role text not null,
    department text,
    password_hash text,
    disabled integer not null default 0,
    failed_sign_ins integer not null default 0,
    locked_until text,
    created_at text not null
)
