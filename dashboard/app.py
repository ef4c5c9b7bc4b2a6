"""The Hetang target monitor dashboard: `hetang dashboard` runs `streamlit run dashboard/app.py`.

A thin entry point: nothing is shown before sign-in (dashboard/signin.py), then it builds the
shared context (sidebar choices, what the snapshot holds) and hands over to one of the pages
declared with st.navigation. Each page opens with the context's checks and the demo banner
(context.require_warehouse). Admins get the users and audit page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from access.roles import Action, can
from dashboard import context, signin
from dashboard.i18n import t
from hetang.settings import Settings

# Not "pages/": a folder of that name beside the entry point puts a fresh server into Streamlit's
# old multipage mode, which runs a deep-linked page (/alerts) without this script on the first
# visit (seen here: KeyError on the shared context).
PAGES = Path(__file__).parent / "views"

st.set_page_config(page_title=t("app_title_plain", "zh"), page_icon="📊", layout="wide")

settings = Settings()
lang = context.language()
user = signin.require(settings, lang)

pages = [
    st.Page(PAGES / "overview.py", title=t("page_overview", lang), default=True),
    st.Page(PAGES / "alerts.py", title=t("page_alerts", lang), url_path="alerts"),
    st.Page(PAGES / "trends.py", title=t("page_trends", lang), url_path="trends"),
    st.Page(PAGES / "data_quality.py", title=t("page_quality", lang), url_path="data_quality"),
    st.Page(PAGES / "briefing.py", title=t("page_briefing", lang), url_path="briefing"),
]
if user is None or can(user, Action.MANAGE_USERS):
    # Declared before sign-in too, so that a deep link (/users) survives the sign-in form.
    pages.append(st.Page(PAGES / "users.py", title=t("page_users", lang), url_path="users"))
# Before sign-in the pages are declared (a deep link such as /alerts keeps its address) but
# hidden and never run: the sign-in form is all there is.
navigation = st.navigation(pages, position="sidebar" if user else "hidden")
if user is not None:
    current = context.build(settings, lang)
    context.store(current)
    # The region and year come from the sidebar choices (the catalogs and the register).
    st.set_page_config(page_title=current.title)
    st.sidebar.caption(current.title)
    navigation.run()
