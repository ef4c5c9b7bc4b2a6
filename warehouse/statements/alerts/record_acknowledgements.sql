-- One history row per acknowledgement of this pass.
insert into judged.alert_history
select
    alert_id,
    reviewed_at as changed_at,
    'acknowledged' as event,
    severity,
    'acknowledged' as state,
    period,
    actual,
    reviewer || ' 已确认' || coalesce('：' || nullif(note, ''), '') as message,
    $run_id as run_id
from _alert_acks
order by alert_id
