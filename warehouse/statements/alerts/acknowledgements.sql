-- Open alerts reviewed since their severity last rose (into temp table _alert_acks).
create or replace temp table _alert_acks as
select
    a.alert_id,
    a.severity,
    a.period,
    a.actual,
    max(r.reviewed_at) as reviewed_at,
    max_by(r.reviewer, r.reviewed_at) as reviewer,
    max_by(r.note, r.reviewed_at) as note
from judged.alerts as a
inner join core.reviews as r
    on a.alert_id = r.alert_id and rules.review_counts(a.severity_raised_at, r.reviewed_at)
where a.state = 'open'
group by a.alert_id, a.severity, a.period, a.actual
