"""The dashboard as staff use it: `hetang dashboard` on a loopback port, driven by Chromium.

The server runs as a subprocess in a session of its own (its `streamlit run` child included) and
reads the snapshot the nightly flow published; `hetang users demo` makes the demo users. Every
page is visited (signed in through the form: a new browser page is a new session) and
photographed into test-artifacts/screenshots/, one alert is acknowledged through the form by the
signed-in reviewer, and a nightly run made while the server is serving must show its new figures
after a reload. tests/e2e/test_signin_browser.py covers sign-in, roles and answers.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from hetang.settings import WarehousePaths
from warehouse.reviews import load_reviews

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parents[2]
DEMO_INBOX = PROJECT / "demo" / "inbox"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A late annual figure: energy-intensity decline 3.3 % against the assigned 3.2 % (was 2.7).
LATE_DROP = (
    "20230201_long_2022-energy-revised.csv",
    "region_code,indicator,period,value,unit,as_of,source\n"
    "430202,energy_intensity_decline,2022,3.3,%,2023-02-01,synthetic demo data\n",
)


@dataclass
class Served:
    """A running `hetang dashboard` and the warehouse it serves."""

    url: str
    run: object  # the fresh_run runner: calling it runs the nightly flow again
    snapshot: Path
    reviews: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"hetang dashboard exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"no answer from {url}/_stcore/health in {timeout_s} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server's own process group (hetang and its streamlit child), nothing else."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture()
def served(fresh_run, tmp_path) -> Iterator[Served]:
    if not CHROMIUM.exists():
        message = "/usr/bin/chromium is missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("HETANG_REQUIRE_BROWSER"):  # make test: never skip the browser tests
            pytest.fail(message)
        pytest.skip(message)
    for drop in DEMO_INBOX.iterdir():
        shutil.copy2(drop, fresh_run.inbox / drop.name)
    fresh_run()
    demo_users = [str(Path(sys.executable).parent / "hetang"), "users"]
    demo_users += ["--warehouse", str(fresh_run.warehouse), "demo"]
    subprocess.run(demo_users, check=True, capture_output=True)
    port = _free_port()
    log = tmp_path / "dashboard.log"
    hetang = Path(sys.executable).parent / "hetang"
    command = [
        str(hetang),
        "dashboard",
        "--warehouse",
        str(fresh_run.warehouse),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    with log.open("wb") as out:
        # cwd = project, so that .streamlit/config.toml applies; a session of its own to stop it.
        server = subprocess.Popen(
            command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server, log)
        paths = WarehousePaths(fresh_run.warehouse)
        yield Served(url, fresh_run, paths.snapshot, paths.reviews)
    finally:
        _stop(server)


@pytest.fixture()
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 2400}, locale="zh-CN")
        finally:
            browser.close()


REVIEWER = ("reviewer", "demo-reviewer")


def wait_run(page) -> None:
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000
    )


def sign_in(page, user: tuple[str, str]) -> None:
    """Fill the sign-in form the dashboard shows first (the page keeps its address)."""
    page.get_by_role("heading", level=1).filter(has_text="登录").wait_for(timeout=60_000)
    page.get_by_label("用户名", exact=True).fill(user[0])
    page.get_by_label("密码", exact=True).fill(user[1])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_timeout(500)
    wait_run(page)


def visit(page, url: str, shot: str, heading: str, user: tuple[str, str] | None = REVIEWER) -> None:
    """Open `url` (signing in as `user`), wait for the run, photograph it, fail on exceptions."""
    page.goto(url)
    wait_run(page)
    if user is not None:
        sign_in(page, user)
    settle(page, shot, heading)


def settle(page, shot: str, heading: str) -> None:
    page.get_by_role("heading", level=1).filter(has_text=heading).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let Vega and the data grids draw before the photograph
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.all_inner_texts()


def metric(page, label: str) -> str:
    """The value of the metric whose label is exactly `label`."""
    for card in page.locator('[data-testid="stMetric"]').all():
        if card.locator('[data-testid="stMetricLabel"]').inner_text().strip() == label:
            return card.locator('[data-testid="stMetricValue"]').inner_text().strip()
    raise AssertionError(f"no metric labelled {label!r}")


def query(snapshot: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_page_acknowledge_and_a_nightly_run_while_serving(served, page):
    visit(page, served.url, "01_overview", "总览")
    assert page.get_by_text("合成演示数据，非官方统计").first.is_visible()
    assert (metric(page, "达标"), metric(page, "预警"), metric(page, "未达标")) == ("29", "6", "5")

    visit(page, f"{served.url}/alerts", "02_alerts", "预警")
    assert metric(page, "待处理") == "11"
    page.get_by_label("处理意见").fill("已督办，月底前报送整改方案")
    page.get_by_role("button", name="确认", exact=True).click()
    page.get_by_text("已确认：").wait_for(timeout=30_000)
    settle(page, "03_alerts_acknowledged", "预警")
    assert (metric(page, "待处理"), metric(page, "已确认")) == ("10", "1")
    [review] = load_reviews(served.reviews)
    assert review.reviewer == "reviewer"

    visit(page, f"{served.url}/trends", "04_trends", "趋势")
    # The target's path and its peer ranking (GDP growth has figures of the other counties).
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 2
    visit(page, f"{served.url}/data_quality", "05_data_quality", "数据质量")
    assert page.get_by_text("48o9").first.is_visible()

    inbox = served.run.inbox
    (inbox / LATE_DROP[0]).write_text(LATE_DROP[1], encoding="utf-8")
    summary = served.run(as_of="2023-02-02")
    assert summary.loaded == [LATE_DROP[0]]
    assert query(
        served.snapshot, "select state from mart.alerts where alert_id = ?", [review.alert_id]
    ) == [("acknowledged",)]

    visit(page, served.url, "06_overview_after_run", "总览")
    assert (metric(page, "达标"), metric(page, "预警"), metric(page, "未达标")) == ("30", "5", "5")
    visit(page, f"{served.url}/alerts", "07_alerts_after_run", "预警")
    open_alerts = query(served.snapshot, "select count(*) from mart.alerts where state = 'open'")[
        0
    ][0]
    assert (metric(page, "待处理"), metric(page, "已确认")) == (str(open_alerts), "1")
    assert open_alerts == 9


def test_english_pages(served, page):
    visit(page, served.url, "08_overview_en_before", "总览")
    page.get_by_text("English", exact=True).click()
    wait_run(page)
    page.get_by_role("heading", level=1).filter(has_text="Overview").wait_for(timeout=60_000)
    settle(page, "08_overview_en", "Overview")
    assert metric(page, "On track") == "29"
    assert page.get_by_text("Synthetic demo data, not official statistics").first.is_visible()
    page.get_by_role("link", name="Trends").click()
    page.get_by_role("heading", level=1).filter(has_text="Trends").wait_for(timeout=60_000)
    settle(page, "09_trends_en", "Trends")
    assert metric(page, "Latest status") == "At risk"


def test_peer_ranking_and_briefing_download(served, page):
    import briefing

    visit(page, served.url, "10_overview_ranks", "总览")
    ranks = query(
        served.snapshot,
        "select rank, peers from mart.region_ranks"
        " where region_code = '430202' and indicator_code = 'fai_growth' and period = '2022-12'",
    )
    assert ranks == [(6, 9)]
    line = page.get_by_text("固定资产投资增长：居全市第6位/9")
    assert line.is_visible()
    visit(page, f"{served.url}/trends", "11_trends_ranking", "趋势")
    assert page.get_by_text("争先进位：地区生产总值增长").is_visible()
    assert page.get_by_text("居全市第5位/9", exact=True).is_visible()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() == 2
    charts.nth(1).scroll_into_view_if_needed()
    assert charts.nth(1).bounding_box()["height"] > 200  # nine bars drawn

    visit(page, f"{served.url}/briefing", "12_briefing_none", "通报")
    assert page.get_by_text("还没有生成通报").is_visible()
    folder = WarehousePaths(served.run.warehouse).briefings
    [written] = briefing.write_briefings(served.snapshot, folder, [".docx"])
    visit(page, f"{served.url}/briefing", "13_briefing", "通报")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载通报（全年 (2022)，Word）").click()
    assert download.value.suggested_filename == "430202_2022.docx"
    assert Path(download.value.path()).read_bytes() == written.read_bytes()
