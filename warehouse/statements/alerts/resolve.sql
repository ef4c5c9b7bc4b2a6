-- Resolutions keep the severity the alert had.
update judged.alerts as a set
    state = 'resolved',
    resolved_at = $now,
    updated_at = $now,
    period = c.period,
    actual = c.actual,
    message = c.message
from _alert_changes as c
where a.alert_id = c.alert_id and c.event = 'resolved'
