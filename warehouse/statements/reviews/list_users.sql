-- Every dashboard user, by name (never the hash).
select
    name,
    role,
    department,
    disabled,
    failed_sign_ins,
    locked_until,
    created_at
from users
order by name
