-- What a sign-in of one user is checked against.
select
    password_hash,
    disabled,
    failed_sign_ins,
    locked_until,
    role,
    department
from users
where name = $name
