"""The four roles of SPEC §8 and the one rule table saying which role may do which action."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a signed-in user is allowed to do."""

    VIEWER = "viewer"
    DEPARTMENT = "department"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Action(StrEnum):
    """Everything a user can do on the dashboard that a role decides."""

    READ = "read"
    ACKNOWLEDGE = "acknowledge"
    ANSWER = "answer"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"


@dataclass(frozen=True)
class User:
    """A signed-in user as the permission rules see them."""

    name: str
    role: Role
    department: str | None = None


# Role -> actions allowed on any alert. ANSWER for a department user is decided per alert below.
_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.DEPARTMENT: frozenset({Action.READ}),
    Role.REVIEWER: frozenset({Action.READ, Action.ACKNOWLEDGE, Action.ANSWER}),
    Role.ADMIN: frozenset({Action.READ, Action.MANAGE_USERS, Action.READ_AUDIT}),
}


def can(user: User | None, action: Action, alert_department: str | None = None) -> bool:
    """True when `user` may do `action` (on an alert of `alert_department`, for answers)."""
    if user is None:
        return False
    if action in _ALLOWED[user.role]:
        return True
    return (
        action is Action.ANSWER
        and user.role is Role.DEPARTMENT
        and user.department is not None
        and alert_department is not None
        and user.department == alert_department
    )
