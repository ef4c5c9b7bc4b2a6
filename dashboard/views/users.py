"""用户与审计 Users & audit (admins): the users of the review store, add and disable, the audit log.

Every change goes through access/writes.py (admin checked server-side, audited).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access import users, writes
from access.roles import Action, Role, User, can
from dashboard import context, shaping, signin
from dashboard.i18n import ROLE, Lang, t, word

_FEEDBACK_KEY = "users_feedback"


def main() -> None:
    ctx = context.current()
    lang = ctx.lang
    user = signin.current_user()
    st.title(t("page_users", lang))
    if user is None or not can(user, Action.MANAGE_USERS):
        st.stop()
    feedback = st.session_state.pop(_FEEDBACK_KEY, None)
    if feedback:
        kind, text = feedback
        (st.success if kind == "success" else st.error)(text)
    st.subheader(t("users_header", lang))
    st.dataframe(_users_table(users.list_users(ctx.reviews), lang), hide_index=True, key="users")
    left, right = st.columns(2)
    with left:
        _add_form(ctx.reviews, user, lang)
    with right:
        _disable_form(ctx.reviews, user, lang)
    st.subheader(t("audit_header", lang))
    st.dataframe(_audit_table(ctx.reviews, user, lang), hide_index=True, key="audit")


def _users_table(stored: list[users.StoredUser], lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_user", lang): [u.name for u in stored],
            t("col_role", lang): [word(ROLE, u.role.value, lang) for u in stored],
            t("col_department", lang): [u.department or "" for u in stored],
            t("col_disabled", lang): [u.disabled for u in stored],
            t("col_locked_until", lang): [shaping.beijing(u.locked_until) for u in stored],
        }
    )


def _audit_table(path, admin: User, lang: Lang) -> pd.DataFrame:
    entries = writes.read_audit(path, admin)
    return pd.DataFrame(
        {
            t("col_at", lang): [shaping.beijing(e.at) for e in entries],
            t("col_user", lang): [e.who for e in entries],
            t("col_action", lang): [e.action for e in entries],
            t("col_alert", lang): [e.alert_id or "" for e in entries],
            t("col_detail", lang): [e.detail or "" for e in entries],
        }
    )


def _add(path, admin: User, lang: Lang) -> None:
    state = st.session_state
    try:
        added = writes.add_user(
            path,
            admin,
            state.get("users_new_name") or "",
            state.get("users_new_role") or "",
            state.get("users_new_password") or "",
            state.get("users_new_department") or None,
        )
    except (PermissionError, ValueError) as exc:
        state[_FEEDBACK_KEY] = ("error", str(exc))
        return
    state["users_new_password"] = ""
    state[_FEEDBACK_KEY] = ("success", t("users_added", lang, name=added.name))


def _add_form(path, admin: User, lang: Lang) -> None:
    with st.form("users_add", border=True):
        st.markdown(f"**{t('users_add', lang)}**")
        st.text_input(t("users_name", lang), key="users_new_name", max_chars=60)
        st.selectbox(
            t("users_role", lang),
            [r.value for r in Role],
            format_func=lambda r: word(ROLE, r, lang),
            key="users_new_role",
        )
        st.text_input(t("users_department", lang), key="users_new_department", max_chars=60)
        st.text_input(
            t("users_password", lang), key="users_new_password", type="password", max_chars=200
        )
        st.form_submit_button(
            t("users_add_submit", lang), key="users_add_submit", on_click=_add,
            args=(path, admin, lang),
        )  # fmt: skip


def _disable(path, admin: User, lang: Lang) -> None:
    state = st.session_state
    name = state.get("users_disable_name") or ""
    try:
        writes.disable_user(path, admin, name)
    except (PermissionError, ValueError) as exc:
        state[_FEEDBACK_KEY] = ("error", str(exc))
        return
    state[_FEEDBACK_KEY] = ("success", t("users_disabled", lang, name=name))


def _disable_form(path, admin: User, lang: Lang) -> None:
    active = [u.name for u in users.list_users(path) if not u.disabled and u.name != admin.name]
    with st.form("users_disable", border=True):
        st.markdown(f"**{t('users_disable', lang)}**")
        st.selectbox(t("users_name", lang), active, key="users_disable_name")
        st.form_submit_button(
            t("users_disable_submit", lang), key="users_disable_submit", on_click=_disable,
            args=(path, admin, lang),
        )  # fmt: skip


main()
