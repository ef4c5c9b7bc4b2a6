-- Departments' answers to alerts in the dashboard's review store (SQLite): 情况说明 and 整改措施.
create table if not exists responses (
    alert_id text not null,
    department text,
    explanation text not null,
    measures text not null,
    responded_by text not null,
    responded_at text not null
)
