"""Permission rules (each role x each write), argon2 hashes in the store, lockout timing, audit."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from access import audit, sso, users, writes
from access.roles import Action, Role, User, can
from warehouse.responses import load_responses
from warehouse.reviews import load_reviews

VIEWER = User("viewer", Role.VIEWER)
RENSHE = User("renshe", Role.DEPARTMENT, "区人社局")
REVIEWER = User("reviewer", Role.REVIEWER)
ADMIN = User("admin", Role.ADMIN)
T0 = datetime(2023, 2, 1, 9, 0)
LOCK = timedelta(minutes=15)

# role x write -> allowed: answers on an alert of 区人社局 / of 区发改局.
RULES = {
    # user:      acknowledge, answer own, answer other, manage users, read audit
    "viewer": (False, False, False, False, False),
    "renshe": (False, True, False, False, False),
    "reviewer": (True, True, True, False, False),
    "admin": (False, False, False, True, True),
}
USERS = {"viewer": VIEWER, "renshe": RENSHE, "reviewer": REVIEWER, "admin": ADMIN}


@pytest.mark.parametrize("name", list(RULES))
def test_the_rule_table_for_each_role(name):
    user = USERS[name]
    assert (
        can(user, Action.ACKNOWLEDGE),
        can(user, Action.ANSWER, "区人社局"),
        can(user, Action.ANSWER, "区发改局"),
        can(user, Action.MANAGE_USERS),
        can(user, Action.READ_AUDIT),
    ) == RULES[name]
    assert can(user, Action.READ)


def test_nobody_signed_in_may_do_anything_and_a_department_user_needs_an_alert_department():
    assert not any(can(None, action) for action in Action)
    assert not can(RENSHE, Action.ANSWER, None)
    assert not can(User("x", Role.DEPARTMENT, None), Action.ANSWER, None)


def _try(write: str, path: Path, user: User) -> None:
    if write == "acknowledge":
        writes.acknowledge(path, user, "a1", "已督办")
    elif write == "answer_own":
        writes.answer(path, user, "a1", "区人社局", "就业形势偏弱", "加密招聘会")
    elif write == "answer_other":
        writes.answer(path, user, "a2", "区发改局", "项目滞后", "倒排工期")
    elif write == "add_user":
        writes.add_user(path, user, f"new-{user.name}", "viewer", "long-password")
    else:
        writes.disable_user(path, user, "target")


WRITES = ("acknowledge", "answer_own", "answer_other", "add_user", "disable_user")


@pytest.mark.parametrize("name", list(RULES))
@pytest.mark.parametrize("write", WRITES)
def test_each_write_is_refused_or_stored_and_audited_as_the_signed_in_user(tmp_path, name, write):
    path = tmp_path / "hetang.reviews.sqlite"
    users.add_user(path, "target", "viewer", "long-password")
    user = USERS[name]
    allowed = dict(zip(WRITES, (*RULES[name][:3], RULES[name][3], RULES[name][3]), strict=True))
    if allowed[write]:
        _try(write, path, user)
        [entry] = audit.load(path)
        assert entry.who == name and not entry.action.startswith("refused")
    else:
        with pytest.raises(PermissionError, match=name):
            _try(write, path, user)
        [entry] = audit.load(path)
        assert entry.who == name and entry.action.startswith("refused:")
        assert load_reviews(path) == [] and load_responses(path) == []


def test_an_acknowledgement_and_an_answer_record_the_signed_in_user(tmp_path):
    path = tmp_path / "r.sqlite"
    review = writes.acknowledge(path, REVIEWER, "a1", "已督办")
    response = writes.answer(path, RENSHE, "a1", "区人社局", "说明", "措施")
    assert (review.reviewer, response.responded_by, response.department) == (
        "reviewer",
        "renshe",
        "区人社局",
    )
    log = audit.load(path)
    assert [(e.who, e.action, e.alert_id) for e in log] == [
        ("renshe", "answer", "a1"),
        ("reviewer", "acknowledge", "a1"),
    ]


def test_a_department_user_cannot_answer_another_departments_alert(tmp_path):
    path = tmp_path / "r.sqlite"
    with pytest.raises(PermissionError):
        writes.answer(path, RENSHE, "a2", "区发改局", "说明", "措施")
    assert load_responses(path) == []
    [entry] = audit.load(path)
    assert (entry.who, entry.action, entry.alert_id, entry.detail) == (
        "renshe",
        "refused:answer",
        "a2",
        "区发改局",
    )


def test_the_store_holds_argon2_hashes_never_the_password(tmp_path):
    path = tmp_path / "hetang.reviews.sqlite"
    users.add_user(path, "renshe", "department", "demo-renshe-secret", "区人社局")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the file and its WAL
    assert b"demo-renshe-secret" not in raw
    assert b"$argon2id$" in raw
    ok = users.sign_in(path, "renshe", "demo-renshe-secret", now=T0, max_failures=5, lock_for=LOCK)
    assert ok.user == RENSHE


def _attempt(path: Path, password: str, now: datetime) -> users.SignIn:
    return users.sign_in(path, "renshe", password, now=now, max_failures=5, lock_for=LOCK)


def test_five_failures_lock_for_fifteen_minutes_even_the_right_password(tmp_path):
    path = tmp_path / "r.sqlite"
    users.add_user(path, "renshe", "department", "right-password", "区人社局")
    results = [_attempt(path, "wrong", T0 + timedelta(seconds=i)) for i in range(5)]
    assert [r.refusal for r in results] == [users.Refusal.WRONG] * 4 + [users.Refusal.LOCKED]
    assert results[-1].locked_until == T0 + timedelta(seconds=4) + LOCK
    still = _attempt(path, "right-password", T0 + timedelta(minutes=15, seconds=3))
    assert (still.user, still.refusal) == (None, users.Refusal.LOCKED)
    after = _attempt(path, "right-password", T0 + timedelta(minutes=15, seconds=4))
    assert after.user == RENSHE


def test_a_success_resets_the_count_and_a_lapsed_lock_starts_a_new_count(tmp_path):
    path = tmp_path / "r.sqlite"
    users.add_user(path, "renshe", "department", "right-password", "区人社局")
    for i in range(4):
        _attempt(path, "wrong", T0 + timedelta(seconds=i))
    assert _attempt(path, "right-password", T0 + timedelta(seconds=5)).user == RENSHE
    assert [r.refusal for r in (_attempt(path, "wrong", T0) for _ in range(4))] == [
        users.Refusal.WRONG
    ] * 4
    [stored] = users.list_users(path)
    assert stored.failed_sign_ins == 4 and stored.locked_until is None


def test_unknown_names_and_disabled_users_are_refused(tmp_path):
    path = tmp_path / "r.sqlite"
    users.add_user(path, "renshe", "department", "right-password", "区人社局")
    assert _attempt(path, "x", T0).refusal is users.Refusal.WRONG
    assert (
        users.sign_in(path, "nobody", "x", now=T0, max_failures=5, lock_for=LOCK).refusal
        is users.Refusal.WRONG
    )
    users.disable_user(path, "renshe")
    assert _attempt(path, "right-password", T0).refusal is users.Refusal.DISABLED


@pytest.mark.parametrize(
    ("name", "role", "department", "password", "says"),
    [
        ("a", "boss", None, "long-password", "未知角色"),
        ("a", "department", None, "long-password", "--department"),
        ("a", "viewer", None, "short", "at least 8"),
        ("", "viewer", None, "long-password", "1-60"),
    ],
)
def test_bad_new_users_are_refused_in_chinese_and_english(
    tmp_path, name, role, department, password, says
):
    with pytest.raises(ValueError, match=says):
        users.add_user(tmp_path / "r.sqlite", name, role, password, department)


def test_a_name_is_taken_once(tmp_path):
    path = tmp_path / "r.sqlite"
    users.add_user(path, "renshe", "viewer", "long-password")
    with pytest.raises(ValueError, match="已存在"):
        users.add_user(path, "renshe", "admin", "long-password")


def test_sso_identities_map_to_roles_by_user_then_group_then_default():
    mapping = {
        "users": {"zhang@office.cn": {"role": "reviewer"}},
        "groups": {"renshe": {"role": "department", "department": "区人社局"}, "all": "viewer"},
    }
    assert sso.map_user(mapping, "zhang@office.cn", ["renshe"]) == User(
        "zhang@office.cn", Role.REVIEWER
    )
    assert sso.map_user(mapping, "li@office.cn", ["all", "renshe"]) == User(
        "li@office.cn", Role.DEPARTMENT, "区人社局"
    )
    assert sso.map_user(mapping, "wu@office.cn", []) is None
    assert sso.map_user({**mapping, "default": "viewer"}, "wu@office.cn", []) == User(
        "wu@office.cn", Role.VIEWER
    )
    assert sso.map_user(mapping, None, ["all"]) is None
