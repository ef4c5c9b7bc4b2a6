-- Live alerts not yet notified at their current severity (a rise above the one last sent).
select
    alert_id,
    severity,
    message
from judged.alerts
where
    state <> 'resolved'
    and rules.severity_rank(severity) > rules.severity_rank(notified_severity)
order by opened_at, alert_id
