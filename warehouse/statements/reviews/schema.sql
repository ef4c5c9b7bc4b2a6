-- The dashboard's review store (SQLite, beside the warehouse): one row per acknowledgement.
create table if not exists reviews (
    alert_id text not null,
    reviewed_at text not null,
    reviewer text not null,
    note text
)
