"""Sign-in, roles, lockout, audit and answers as staff meet them, in the real Chromium.

Same server as tests/e2e/test_browser.py (`hetang dashboard` on loopback, the demo users from
`hetang users demo`), with one more drop so that 区人社局 has an alert to answer: a revised
December unemployment rate of 6.0 % against the ceiling of 5.5 % (at risk).
"""

from __future__ import annotations

import pytest

from access import audit
from tests.e2e.test_browser import (  # noqa: F401  (fixtures used by name)
    metric,
    page,
    query,
    served,
    settle,
    sign_in,
    visit,
    wait_run,
)
from warehouse.responses import load_responses
from warehouse.reviews import load_reviews

pytestmark = pytest.mark.e2e

UNEMPLOYMENT_DROP = (
    "20230201_long_2022-12-unemployment-revised.csv",
    "region_code,indicator,period,value,unit,as_of,source\n"
    "430202,urban_unemployment_rate,2022-12,6.0,%,2023-02-01,synthetic demo data\n",
)
SIGN_IN = "登录"
NO_CONTENT = ("合成演示数据", "增长", "达标", "目标一览")


@pytest.fixture()
def renshe_alert(fresh_run) -> None:
    """The extra drop, in the inbox before `served` runs the nightly flow."""
    (fresh_run.inbox / UNEMPLOYMENT_DROP[0]).write_text(UNEMPLOYMENT_DROP[1], encoding="utf-8")


def test_nothing_before_sign_in_lockout_and_sign_out(served, page):  # noqa: F811
    for path in ("", "/alerts", "/trends", "/data_quality", "/users"):
        visit(page, f"{served.url}{path}", f"20_signin{path.replace('/', '_')}", SIGN_IN, None)
        text = page.locator('[data-testid="stApp"]').inner_text()
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert not [word for word in NO_CONTENT if word in text], text
    for attempt in range(5):
        sign_in(page, ("viewer", f"wrong-{attempt}"))
    page.get_by_text("账号已锁定 15 分钟").wait_for(timeout=30_000)
    sign_in(page, ("viewer", "demo-viewer"))
    page.get_by_text("账号已锁定 15 分钟").wait_for(timeout=30_000)
    settle(page, "21_locked", SIGN_IN)

    visit(page, f"{served.url}/alerts", "22_reviewer_alerts", "预警", ("reviewer", "demo-reviewer"))
    page.get_by_role("button", name="退出登录").click()
    wait_run(page)
    settle(page, "23_signed_out", SIGN_IN)
    assert page.locator('[data-testid="stMetric"]').count() == 0


def test_viewer_reads_reviewer_acknowledges_admin_sees_the_audit(served, page):  # noqa: F811
    visit(page, f"{served.url}/alerts", "24_viewer_alerts", "预警", ("viewer", "demo-viewer"))
    assert metric(page, "待处理") == "11"
    assert page.get_by_role("button", name="确认", exact=True).count() == 0
    assert page.get_by_role("button", name="提交反馈").count() == 0

    visit(page, f"{served.url}/alerts", "25_reviewer_alerts", "预警", ("reviewer", "demo-reviewer"))
    page.get_by_label("处理意见").fill("已约谈，月底前报送整改方案")
    page.get_by_role("button", name="确认", exact=True).click()
    page.get_by_text("已确认：").wait_for(timeout=30_000)
    settle(page, "26_reviewer_acknowledged", "预警")
    assert page.get_by_text("reviewer 于").first.is_visible()
    [review] = load_reviews(served.reviews)
    assert review.reviewer == "reviewer"

    served.run(as_of="2023-02-02")
    messages = [m for (m,) in query(
        served.snapshot,
        "select message from mart.alert_history where alert_id = ? and event = 'acknowledged'",
        [review.alert_id],
    )]  # fmt: skip
    assert messages == ["reviewer 已确认：已约谈，月底前报送整改方案"]

    visit(page, f"{served.url}/users", "27_admin_users", "用户与审计", ("admin", "demo-admin"))
    grids = page.locator('[data-testid="stDataFrame"]')
    assert grids.count() == 2
    log = audit.load(served.reviews)
    assert [(e.who, e.action, e.alert_id) for e in log if e.action == "acknowledge"] == [
        ("reviewer", "acknowledge", review.alert_id)
    ]


def test_department_answers_its_alert_and_cannot_answer_others(renshe_alert, served, page):  # noqa: F811
    (alert_id,) = query(
        served.snapshot,
        "select alert_id from mart.alerts where department = '区人社局' and state = 'open'",
    )[0]
    renshe = ("renshe", "demo-renshe")
    page.goto(f"{served.url}/alerts")
    wait_run(page)
    sign_in(page, renshe)
    page.get_by_role("heading", level=1).filter(has_text="预警").wait_for(timeout=60_000)
    # The answer form offers renshe's own alert (its option list is checked under AppTest in
    # tests/dashboard/test_signin.py: the combobox popover did not open reliably here).
    form = page.locator('[data-testid="stForm"]').filter(has_text="情况说明")
    assert "失业率" in form.get_by_role("combobox").input_value()
    settle(page, "28_renshe_alerts", "预警")
    assert page.get_by_role("button", name="确认", exact=True).count() == 0
    page.get_by_role("textbox", name="情况说明").fill("受季节性返乡影响，失业率阶段性上升")
    page.get_by_role("textbox", name="整改措施").fill("加密招聘会，落实稳岗补贴")
    page.get_by_role("button", name="提交反馈").click()
    page.get_by_text("已反馈：").wait_for(timeout=30_000)
    [answer] = load_responses(served.reviews)
    assert (answer.alert_id, answer.responded_by, answer.department) == (
        alert_id,
        "renshe",
        "区人社局",
    )

    visit(page, f"{served.url}/alerts", "29_renshe_after_reload", "预警", renshe)
    card = page.locator(f'[class*="st-key-alert-{alert_id}"]')
    assert "已反馈" in card.inner_text()
    served.run(as_of="2023-02-02")
    assert query(
        served.snapshot, "select response_state from mart.alerts where alert_id = ?", [alert_id]
    ) == [("responded",)]
    visit(page, f"{served.url}/alerts", "30_renshe_after_run", "预警", renshe)
    card = page.locator(f'[class*="st-key-alert-{alert_id}"]')
    assert "已反馈" in card.inner_text() and "加密招聘会" in card.inner_text()
