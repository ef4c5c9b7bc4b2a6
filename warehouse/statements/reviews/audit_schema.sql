-- The audit log in the review store (SQLite): who did what, when, to which alert.
create table if not exists audit (
    at text not null,
    who text not null,
    action text not null,
    alert_id text,
    detail text
)
