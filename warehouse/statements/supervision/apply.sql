-- The live alerts take what supervision found this run (temp table _supervision).
update judged.alerts as a set
    department = s.department,
    lag_periods = s.lag_periods,
    asked_at = s.new_asked_at,
    response_due = s.new_due,
    response_state = s.new_state,
    escalated = s.new_reason is not null,
    escalation_reason = s.new_reason,
    updated_at = case when len(s.events) > 0 then $now else a.updated_at end
from _supervision as s
where a.alert_id = s.alert_id
