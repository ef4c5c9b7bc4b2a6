-- The lockout state of one user after a sign-in attempt.
update users set
    failed_sign_ins = $failed_sign_ins,
    locked_until = $locked_until
where name = $name
