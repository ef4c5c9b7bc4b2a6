-- Escalations, de-escalations and moves: the alert follows the latest status.
update judged.alerts as a set
    severity = c.severity,
    state = c.new_state,
    period = c.period,
    actual = c.actual,
    target_value = c.alert_target,
    message = c.message,
    updated_at = $now,
    severity_raised_at = case when c.rose then $now else a.severity_raised_at end,
    -- after a fall, a later rise is news again and must be notified
    notified_severity = case
        when c.fell and a.notified_severity is not null then c.severity
        else a.notified_severity
    end
from _alert_changes as c
where a.alert_id = c.alert_id and c.event in ('escalated', 'deescalated', 'updated')
