-- The audit log, newest first.
select
    at,
    who,
    action,
    alert_id,
    detail
from audit
order by at desc, rowid desc
