"""Dashboard users in the review store: argon2 hashes (argon2-cffi), lockout, disabling.

Only hashes are stored (argon2id through argon2-cffi's PasswordHasher, never home-made crypto).
`sign_in` counts failed attempts: after `max_failures` in a row the account is locked for
`lock_for`; the clock is a parameter so tests can move it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from access import store
from access.roles import Role, User

MIN_PASSWORD = 8
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """What an unknown name's password is verified against, so that a wrong name costs as long
    as a wrong password; made on first use, not at import (every `hetang` command imports this)."""
    return _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class StoredUser:
    """A user as the store keeps them (without the hash)."""

    name: str
    role: Role
    department: str | None
    disabled: bool
    failed_sign_ins: int
    locked_until: datetime | None
    created_at: datetime

    @property
    def user(self) -> User:
        return User(self.name, self.role, self.department)


class Refusal(StrEnum):
    """Why a sign-in was refused."""

    WRONG = "wrong"  # unknown name or wrong password: the same answer for both
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt: the user, or why not."""

    user: User | None
    refusal: Refusal | None = None
    locked_until: datetime | None = None


def check_new_user(name: str, role: str, department: str | None, password: str) -> Role:
    """The role of a valid new user; ValueError (Chinese and English) naming what is wrong."""
    if not name.strip() or len(name.strip()) > 60:
        raise ValueError("用户名须为 1-60 个字符 / the user name must be 1-60 characters")
    try:
        parsed = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise ValueError(
            f"未知角色 {role!r}，可选：{roles} / unknown role {role!r}; one of {roles}"
        ) from None
    if parsed is Role.DEPARTMENT and not (department or "").strip():
        raise ValueError("部门用户须指定 --department / a department user needs --department")
    if len(password) < MIN_PASSWORD:
        raise ValueError(
            f"密码至少 {MIN_PASSWORD} 个字符 / the password needs at least {MIN_PASSWORD} characters"
        )
    return parsed


def add_user(
    path: Path, name: str, role: str, password: str, department: str | None = None
) -> StoredUser:
    """Store a new user with the argon2 hash of `password`; a name already taken is refused."""
    parsed = check_new_user(name, role, department, password)
    name, department = name.strip(), (department or "").strip() or None
    created = store.utcnow()
    try:
        with closing(store.connect(path)) as con, con:
            store.run(
                con,
                "statements/reviews/add_user",
                name=name,
                role=parsed.value,
                department=department,
                password_hash=_HASHER.hash(password),
                created_at=created.isoformat(),
            )
    except sqlite3.IntegrityError:
        raise ValueError(f"用户 {name} 已存在 / user {name} already exists") from None
    return StoredUser(name, parsed, department, False, 0, None, created)


def list_users(path: Path) -> list[StoredUser]:
    """Every user, by name (none when the store does not exist yet)."""
    if not path.exists():
        return []
    with closing(store.connect(path)) as con:
        rows = store.run(con, "statements/reviews/list_users").fetchall()
    return [_stored(row) for row in rows]


def _stored(row: tuple) -> StoredUser:
    name, role, department, disabled, failed, locked, created = row
    locked_until = datetime.fromisoformat(locked) if locked else None
    return StoredUser(
        name, Role(role), department, bool(disabled), failed, locked_until,
        datetime.fromisoformat(created),
    )  # fmt: skip


def find_user(path: Path, name: str) -> StoredUser | None:
    """The user called `name`, if there is one."""
    return next((u for u in list_users(path) if u.name == name.strip()), None)


def disable_user(path: Path, name: str) -> None:
    """Disable a user: they can no longer sign in (their rows in the audit log stay)."""
    with closing(store.connect(path)) as con, con:
        changed = con.execute("update users set disabled = 1 where name = ?", [name]).rowcount
    if not changed:
        raise ValueError(f"没有用户 {name} / no user {name}")


def sign_in(
    path: Path,
    name: str,
    password: str,
    *,
    now: datetime,
    max_failures: int,
    lock_for: timedelta,
) -> SignIn:
    """Check a name and password; count failures and lock after `max_failures` in a row."""
    name = name.strip()
    with closing(store.connect(path)) as con, con:
        row = store.run(con, "statements/reviews/credentials", name=name).fetchone()
        if row is None:
            _verify(_dummy_hash(), password)
            return SignIn(None, Refusal.WRONG)
        hashed, disabled, failed, locked, role, department = row
        locked_until = datetime.fromisoformat(locked) if locked else None
        if disabled:
            return SignIn(None, Refusal.DISABLED)
        if locked_until is not None and now < locked_until:
            return SignIn(None, Refusal.LOCKED, locked_until)
        if hashed is not None and _verify(hashed, password):
            _record(con, name, 0, None)
            return SignIn(User(name, Role(role), department))
        failed = (0 if locked_until is not None else failed) + 1
        if failed >= max_failures:
            _record(con, name, 0, now + lock_for)
            return SignIn(None, Refusal.LOCKED, now + lock_for)
        _record(con, name, failed, None)
        return SignIn(None, Refusal.WRONG)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _record(con: sqlite3.Connection, name: str, failed: int, locked_until: datetime | None) -> None:
    store.run(
        con,
        "statements/reviews/record_sign_in",
        name=name,
        failed_sign_ins=failed,
        locked_until=locked_until.isoformat() if locked_until else None,
    )
