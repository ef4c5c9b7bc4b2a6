-- New alerts of this pass.
insert into judged.alerts by name
select
    alert_id,
    region_code,
    year,
    target_code,
    period,
    severity,
    'open' as state,
    $now as opened_at,
    $now as updated_at,
    $now as severity_raised_at,
    null as resolved_at,
    actual,
    alert_target as target_value,
    message,
    null as notified_severity
from _alert_changes
where event = 'opened'
