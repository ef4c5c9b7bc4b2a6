-- The reviewed open alerts become acknowledged, with a history row each.
update judged.alerts as a set
    state = 'acknowledged',
    updated_at = k.reviewed_at
from _alert_acks as k
where a.alert_id = k.alert_id
