"""Sign-in, roles and the answer form under AppTest, on a copy of the demo year's snapshot.

The form is driven through its widget keys; users are made with access.users as `hetang users`
makes them. Answers and acknowledgements are read back from the review store.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from access import audit, users
from access.roles import Role, User
from access.store import utcnow as store_utcnow
from dashboard.signin import SESSION_KEY, Session
from hetang.settings import WarehousePaths
from tests.dashboard.test_pages import APP, open_page
from warehouse.responses import load_responses

PAGES = ("overview", "alerts", "trends", "data_quality", "users")


@pytest.fixture()
def store(demo_run, tmp_path, monkeypatch) -> WarehousePaths:
    paths = WarehousePaths(tmp_path / "hetang.duckdb")
    shutil.copy(WarehousePaths(demo_run["warehouse"]).snapshot, paths.snapshot)
    monkeypatch.setenv("HETANG_WAREHOUSE", str(paths.working))
    users.add_user(paths.reviews, "reviewer", "reviewer", "demo-reviewer")
    return paths


def sign_in(name: str, password: str, at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(APP), default_timeout=60).run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button(key="signin_submit").click().run()


def alert_departments(snapshot: Path) -> dict[str, str]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return dict(con.execute("select alert_id, department from mart.alerts").fetchall())


def test_before_sign_in_every_page_shows_only_the_form(store):
    for page in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["page"] = page  # AppTest has no URL; the hidden navigation never runs
        at.run()
        assert not at.exception
        assert [t.value for t in at.title] == ["登录 荷塘区目标监测"]
        assert not at.metric and not at.dataframe and not at.selectbox
        assert not any("预警" in m.value or "合成" in m.value for m in at.markdown)


def test_sign_in_through_the_form_then_sign_out(store):
    at = sign_in("reviewer", "demo-reviewer")
    assert not at.exception
    assert "总览" in at.title[0].value
    assert any("reviewer" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == ["登录 荷塘区目标监测"]


def test_five_wrong_passwords_lock_even_the_right_one(store):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    for _ in range(4):
        sign_in("reviewer", "wrong-password", at)
        assert any("用户名或密码不正确" in e.value for e in at.error)
    sign_in("reviewer", "wrong-password", at)
    assert any("锁定 15 分钟" in e.value for e in at.error)
    sign_in("reviewer", "demo-reviewer", at)
    assert any("锁定" in e.value for e in at.error) and not at.metric


def test_a_viewer_sees_the_alerts_but_no_acknowledge_or_answer_form(store):
    at = open_page("alerts", user=User("viewer", Role.VIEWER))
    assert at.metric and at.markdown
    keys = {w.key for w in at.selectbox} | {b.key for b in at.button}
    assert not keys & {"ack_alert_zh", "ack_submit", "answer_alert_zh", "answer_submit"}


def test_a_department_user_answers_only_its_own_alerts_and_sees_responded(store):
    departments = alert_departments(store.snapshot)
    fgj = User("fgj", Role.DEPARTMENT, "区发改局")
    at = open_page("alerts", user=fgj)
    options = at.selectbox(key="answer_alert_zh").options
    own = {a for a, d in departments.items() if d == "区发改局"}
    assert len(options) == len(own) == 5
    assert not [w for w in at.selectbox if w.key == "ack_alert_zh"]
    alert_id = at.selectbox(key="answer_alert_zh").value
    at.text_area(key="answer_explanation").input("项目开工延迟")
    at.text_area(key="answer_measures").input("倒排工期，月底前开工")
    at.button(key="answer_submit").click().run()
    assert not at.exception
    [answer] = load_responses(store.reviews)
    assert (answer.alert_id, answer.department, answer.responded_by) == (
        alert_id,
        "区发改局",
        "fgj",
    )
    card = next(
        m.value for m in at.markdown if "责任单位 区发改局" in m.value and "已反馈" in m.value
    )
    assert "反馈期限" in card
    assert any("倒排工期" in c.value and "fgj" in c.value for c in at.caption)


def test_the_admin_page_lists_users_adds_one_and_shows_the_audit_log(store):
    at = open_page("users", user=User("admin", Role.ADMIN))
    assert list(at.dataframe[0].value["用户"]) == ["reviewer"]
    at.text_input(key="users_new_name").input("renshe")
    at.selectbox(key="users_new_role").set_value("department")
    at.text_input(key="users_new_department").input("区人社局")
    at.text_input(key="users_new_password").input("demo-renshe")
    at.button(key="users_add_submit").click().run()
    assert not at.exception
    assert [(u.name, u.department) for u in users.list_users(store.reviews)] == [
        ("renshe", "区人社局"),
        ("reviewer", None),
    ]
    log = at.dataframe[1].value
    assert list(log["用户"]) == ["admin"] and "add renshe" in log["详情"].iloc[0]
    assert [e.who for e in audit.load(store.reviews)] == ["admin"]


def test_the_admin_page_is_not_declared_for_a_reviewer(store):
    at = open_page("overview")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/users.py")


def test_an_expired_session_shows_the_form_again(store):
    at = AppTest.from_file(str(APP), default_timeout=60)
    expired = store_utcnow() - timedelta(seconds=1)
    at.session_state[SESSION_KEY] = Session(User("reviewer", Role.REVIEWER), expired)
    at.run()
    assert [t.value for t in at.title] == ["登录 荷塘区目标监测"] and not at.metric
