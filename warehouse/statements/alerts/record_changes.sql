-- One history row per change of this pass.
insert into judged.alert_history
select
    alert_id,
    $now as changed_at,
    event,
    coalesce(severity, live_severity) as severity,
    new_state as state,
    period,
    actual,
    message,
    $run_id as run_id
from _alert_changes
order by alert_id
