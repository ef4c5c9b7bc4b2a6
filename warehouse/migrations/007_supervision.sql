-- Supervision (督办, SPEC §7): a growth target's level indicator (for the growth the rest of the
-- year needs), what each alert asks of its department and since when, its answers, its lag and
-- its escalation (红色督办), and what has been notified of them.
alter table core.targets add column level_indicator varchar;

alter table judged.alerts add column department varchar;
alter table judged.alerts add column asked_at timestamp;
alter table judged.alerts add column response_due date;
alter table judged.alerts add column response_state varchar;
alter table judged.alerts add column lag_periods integer;
alter table judged.alerts add column escalated boolean;
alter table judged.alerts add column escalation_reason varchar;
alter table judged.alerts add column notified_escalation boolean;
alter table judged.alerts add column notified_overdue_for date;

-- Departments' answers (情况说明, 整改措施), mirrored from the dashboard's review store each run.
create table core.responses (
    alert_id varchar not null,
    department varchar,
    explanation varchar not null,
    measures varchar not null,
    responded_by varchar not null,
    responded_at timestamp not null
);
