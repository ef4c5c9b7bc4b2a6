"""Single sign-on through st.login against a real OIDC provider on 127.0.0.1, in Chromium.

The provider is npm's `oidc-provider` (tests/e2e/oidc/provider.mjs; `make test` and .ci/run
install it with `npm install --prefix tests/e2e/oidc`). The dashboard gets `[auth]` from a
secrets file of the test's own and a role mapping (HETANG_SSO_ROLES): the provider's group
hetang-renshe is department 区人社局. Under `make test` a missing node or provider fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_browser import (  # noqa: F401  (fixtures used by name)
    CHROMIUM,
    DEMO_INBOX,
    PROJECT,
    _free_port,
    _stop,
    _wait_healthy,
    page,
    settle,
    wait_run,
)

pytestmark = pytest.mark.e2e

OIDC = PROJECT / "tests" / "e2e" / "oidc"
IDENTITY_COOKIES = {"_streamlit_user", "_streamlit_user_tokens"}
ROLES = "groups:\n  hetang-renshe: {role: department, department: 区人社局}\n"


def _require(ok: bool, message: str) -> None:
    if ok:
        return
    if os.environ.get("HETANG_REQUIRE_BROWSER"):  # make test: never skip
        pytest.fail(message)
    pytest.skip(message)


def _start(command: list[str], log: Path, **kw) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kw
        )


@pytest.fixture()
def sso_served(fresh_run, tmp_path) -> Iterator[str]:
    _require(CHROMIUM.exists(), "/usr/bin/chromium is missing")
    node = shutil.which("node")
    _require(node is not None, "node is missing (Debian: nodejs)")
    _require((OIDC / "node_modules" / "oidc-provider").exists(),
             "npm install --prefix tests/e2e/oidc oidc-provider")  # fmt: skip
    for drop in DEMO_INBOX.iterdir():
        shutil.copy2(drop, fresh_run.inbox / drop.name)
    fresh_run()
    idp_port, app_port = _free_port(), _free_port()
    app = f"http://127.0.0.1:{app_port}"
    idp = _start([str(node), "provider.mjs", str(idp_port), f"{app}/oauth2callback"],
                 tmp_path / "idp.log", cwd=OIDC)  # fmt: skip
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{app}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-some-length"\n'
        'client_id = "hetang-monitor"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"\n'
        # Streamlit asks for prompt=select_account unless told; oidc-provider refuses that value.
        'client_kwargs = { scope = "openid email groups", prompt = "login" }\n',
        encoding="utf-8",
    )
    (tmp_path / "roles.yaml").write_text(ROLES, encoding="utf-8")
    env = {**os.environ, "HETANG_SSO_ROLES": str(tmp_path / "roles.yaml")}
    hetang = Path(sys.executable).parent / "hetang"
    command = [str(hetang), "dashboard", "--warehouse", str(fresh_run.warehouse),
               "--server.port", str(app_port), "--server.headless", "true",
               "--secrets.files", str(secrets)]  # fmt: skip
    server = _start(command, tmp_path / "dashboard.log", cwd=PROJECT, env=env)
    try:
        _wait_healthy(app, server, tmp_path / "dashboard.log")
        yield app
    finally:
        _stop(server)
        _stop(idp)


def test_sso_sign_in_maps_the_providers_group_to_a_department_user(sso_served, page):  # noqa: F811
    page.goto(f"{sso_served}/alerts")
    wait_run(page)
    page.get_by_role("button", name="使用单位统一身份认证登录").click()
    page.locator('input[name="login"]').fill("renshe@example.gov.cn")
    page.locator('input[name="password"]').fill("any")
    page.locator('button[type="submit"]').click()
    page.locator('button[type="submit"]').filter(has_text="Continue").click()  # consent
    page.wait_for_url(f"{sso_served}/**", timeout=60_000)
    wait_run(page)
    page.get_by_text("已登录：renshe@example.gov.cn（部门） · 区人社局").wait_for(timeout=60_000)
    settle(page, "40_sso_signed_in", "总览")
    identity = {c["name"] for c in page.context.cookies()} & IDENTITY_COOKIES
    assert "_streamlit_user" in identity, identity  # signed in: Streamlit's identity cookie
    page.get_by_role("button", name="退出登录").click()
    # st.logout clears Streamlit's identity cookies and sends the browser on to the provider's
    # end-session page; back on the dashboard, the sign-in form is all there is. What is waited
    # for is the cookie's going, not a page: which document Chromium 156 shows after the
    # redirect (the provider's confirmation or the dashboard again) varies from run to run.
    deadline = time.monotonic() + 60
    while {c["name"] for c in page.context.cookies()} & IDENTITY_COOKIES:
        assert time.monotonic() < deadline, "st.logout left the identity cookie in place"
        page.wait_for_timeout(250)
    page.goto(sso_served)
    wait_run(page)
    page.get_by_role("heading", level=1).filter(has_text="登录").wait_for(timeout=60_000)
    settle(page, "41_sso_signed_out", "登录")
