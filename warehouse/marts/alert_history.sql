-- mart.alert_history: every state change of every alert.
select
    alert_id,
    changed_at,
    event,
    severity,
    state,
    period,
    actual,
    message,
    run_id
from core.alert_history
