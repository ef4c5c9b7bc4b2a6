"""Sign-in before anything is shown: local users of the review store, or the office's SSO.

The session lives in st.session_state (server side) with its expiry (a working day, setting
HETANG_SESSION_HOURS). Local users sign in with name and password (access.users: argon2 hashes,
lockout); when `[auth]` is configured in .streamlit/secrets.toml, st.login (Streamlit's OIDC)
is offered too and the identity is mapped to a role by access.sso. The sidebar shows who is
signed in and a sign-out button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from access import sso, users
from access.roles import User
from access.store import utcnow
from dashboard.i18n import ROLE, Lang, t, word
from hetang.settings import Settings

SESSION_KEY = "hetang_session"


@dataclass(frozen=True)
class Session:
    """Who is signed in, until when, and how (local or sso)."""

    user: User
    expires: datetime
    via: str = "local"


def start(user: User, settings: Settings, via: str = "local") -> Session:
    """Begin a session for `user` (also used by tests that sign in through session_state)."""
    session = Session(user, utcnow() + settings.session_length, via)
    st.session_state[SESSION_KEY] = session
    return session


def current_user() -> User | None:
    """The signed-in user of this session, or None (also when the session has expired)."""
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(session, Session) or utcnow() >= session.expires:
        return None
    return session.user


def sso_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (st.login can be offered)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def require(settings: Settings, lang: Lang) -> User | None:
    """The signed-in user, with the sidebar's sign-out; else draw the sign-in form (None)."""
    user = current_user() or _from_sso(settings)
    if user is None:
        st.session_state.pop(SESSION_KEY, None)
        _form(settings, lang)
        return None
    _sidebar(user, lang)
    return user


def _from_sso(settings: Settings) -> User | None:
    if not sso_configured() or not st.user.is_logged_in:
        return None
    groups: object = st.user.get("groups") or []
    mapped = sso.map_user(
        sso.load_mapping(settings.sso_roles),
        str(st.user.get("email") or ""),
        groups if isinstance(groups, list) else [],
    )
    if mapped is None:
        st.session_state["signin_feedback"] = "signin_sso_unmapped"
        st.logout()
        return None
    return start(mapped, settings, via="sso").user


def _sign_in(settings: Settings) -> None:
    """Form callback: check the name and password before the page is drawn again."""
    state = st.session_state
    result = users.sign_in(
        settings.paths.reviews,
        state.get("signin_name") or "",
        state.get("signin_password") or "",
        now=utcnow(),
        max_failures=settings.lockout_failures,
        lock_for=settings.lock_for,
    )
    state["signin_password"] = ""
    if result.user is not None:
        start(result.user, settings)
        return
    state["signin_feedback"] = f"signin_{result.refusal}"


def _form(settings: Settings, lang: Lang) -> None:
    st.title(t("signin_title", lang))
    feedback = st.session_state.pop("signin_feedback", None)
    if feedback:
        st.error(t(feedback, lang, minutes=int(settings.lockout_minutes)))
    with st.form("signin", border=True):
        st.text_input(t("signin_name", lang), key="signin_name", max_chars=60)
        st.text_input(
            t("signin_password", lang), key="signin_password", type="password", max_chars=200
        )
        st.form_submit_button(
            t("signin_submit", lang),
            type="primary",
            key="signin_submit",
            on_click=_sign_in,
            args=(settings,),
        )
    if sso_configured() and st.button(t("signin_sso", lang), key="signin_sso"):
        st.login()


def _sign_out() -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    if isinstance(session, Session) and session.via == "sso":
        # st.logout queues the browser's redirect to /auth/logout (which clears the identity
        # cookie); a rerun would start a new run, which empties the queue, and the redirect
        # could be lost before it was sent, so this run just stops.
        st.logout()
        st.stop()
    st.rerun()


def _sidebar(user: User, lang: Lang) -> None:
    role = word(ROLE, user.role.value, lang)
    where = f" · {user.department}" if user.department else ""
    st.sidebar.caption(t("signed_in_as", lang, name=user.name, role=role) + where)
    if st.sidebar.button(t("sign_out", lang), key="sign_out"):
        _sign_out()
