"""The only way the dashboard writes: acknowledge, answer, manage users; checked and audited here.

Each write asks `roles.can` on the server side (hidden buttons are not a permission), raises
PermissionError when the signed-in user may not, records the signed-in user as the author, and
adds a row to the audit log (refusals too). The alert's department comes from the snapshot the
page read, never from what a user typed.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from access import audit, store, users
from access.roles import Action, User, can
from warehouse.responses import Response, record_response
from warehouse.reviews import Review, record_review


def _allow(
    path: Path, user: User | None, action: Action, alert_id: str | None, department: str | None
) -> User:
    """The user when `can` allows the action; else an audited refusal and PermissionError."""
    if user is not None and can(user, action, department):
        return user
    who = user.name if user is not None else "(not signed in)"
    _audit(path, who, f"refused:{action.value}", alert_id, department)
    raise PermissionError(
        f"{who} 无权执行 {action.value}（预警 {alert_id or '-'}）/ "
        f"{who} may not {action.value} (alert {alert_id or '-'})"
    )


def _audit(
    path: Path, who: str, action: str, alert_id: str | None = None, detail: str | None = None
) -> None:
    with closing(store.connect(path)) as con, con:
        audit.record(con, who, action, alert_id, detail)


def acknowledge(path: Path, user: User | None, alert_id: str, note: str | None = None) -> Review:
    """Acknowledge an alert as the signed-in user (reviewers only)."""
    allowed = _allow(path, user, Action.ACKNOWLEDGE, alert_id, None)
    review = record_review(path, alert_id, allowed.name, note)
    _audit(path, allowed.name, Action.ACKNOWLEDGE.value, alert_id, review.note)
    return review


def answer(
    path: Path,
    user: User | None,
    alert_id: str,
    alert_department: str | None,
    explanation: str,
    measures: str,
) -> Response:
    """Answer an alert (情况说明, 整改措施): its own department's users, or a reviewer."""
    allowed = _allow(path, user, Action.ANSWER, alert_id, alert_department)
    response = record_response(
        path, alert_id, alert_department, explanation, measures, allowed.name
    )
    _audit(path, allowed.name, Action.ANSWER.value, alert_id, alert_department)
    return response


def add_user(
    path: Path,
    admin: User | None,
    name: str,
    role: str,
    password: str,
    department: str | None = None,
) -> users.StoredUser:
    """An admin adds a user."""
    allowed = _allow(path, admin, Action.MANAGE_USERS, None, None)
    added = users.add_user(path, name, role, password, department)
    detail = f"add {added.name} {added.role.value} {added.department or ''}".strip()
    _audit(path, allowed.name, Action.MANAGE_USERS.value, None, detail)
    return added


def disable_user(path: Path, admin: User | None, name: str) -> None:
    """An admin disables a user."""
    allowed = _allow(path, admin, Action.MANAGE_USERS, None, None)
    users.disable_user(path, name)
    _audit(path, allowed.name, Action.MANAGE_USERS.value, None, f"disable {name}")


def read_audit(path: Path, admin: User | None) -> list[audit.AuditEntry]:
    """The audit log, for admins only."""
    _allow(path, admin, Action.READ_AUDIT, None, None)
    return audit.load(path)
