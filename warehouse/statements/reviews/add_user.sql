-- A new dashboard user (the name is the primary key: a second one of that name is refused).
insert into users (name, role, department, password_hash, created_at)
values ($name, $role, $department, $password_hash, $created_at)
