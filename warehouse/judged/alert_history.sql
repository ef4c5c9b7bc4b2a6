-- mart.alert_history (judged): every state change of every alert.
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
from judged.alert_history
