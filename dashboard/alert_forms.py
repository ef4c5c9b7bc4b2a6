"""The alert page's two forms, acknowledge and answer, shown only to users who may use them.

Both write through access/writes.py, which checks the role again on the server side and audits;
a refusal is shown as an error. The author is always the signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from access import writes
from access.roles import Action, User, can
from dashboard import widgets
from dashboard.i18n import Lang, t, target_name

FEEDBACK_KEY = "ack_feedback"


def _label(row, lang: Lang) -> str:
    # The office's message (Chinese) already names the target and the period.
    if lang == "zh":
        return str(row.message)
    return f"{target_name(row.name_zh, row.name_en, lang)} — {row.message}"


def _choose_alert(name: str, names: dict[str, str], lang: Lang) -> None:
    # Inside a form: no on_change, so one plain key per language.
    st.selectbox(
        t(name, lang), list(names), format_func=names.__getitem__, key=widgets.key_of(name, lang)
    )


def _submit(key: str, lang: Lang, callback: Callable[..., None], args: tuple) -> None:
    st.form_submit_button(t(key, lang), type="primary", key=key, on_click=callback, args=args)


def show_feedback() -> None:
    feedback = st.session_state.pop(FEEDBACK_KEY, None)
    if feedback:
        kind, text = feedback
        (st.success if kind == "success" else st.error)(text)


def _acknowledge(path: Path, user: User, lang: Lang, names: dict[str, str]) -> None:
    """Form callback: record the review before the page is drawn again, so it shows at once."""
    state = st.session_state
    alert_id = state[widgets.key_of("ack_alert", lang)]
    try:
        writes.acknowledge(path, user, alert_id, state.get("ack_note"))
    except PermissionError as exc:
        state[FEEDBACK_KEY] = ("error", t("ack_refused", lang, error=exc))
        return
    state["ack_note"] = ""
    state[FEEDBACK_KEY] = ("success", t("ack_done", lang, target=names.get(alert_id, alert_id)))


def acknowledge_form(alerts: pd.DataFrame, user: User, reviews: Path, lang: Lang) -> None:
    """The acknowledge form, for roles that may acknowledge (reviewers); nothing for others."""
    if not can(user, Action.ACKNOWLEDGE):
        return
    st.subheader(t("ack_header", lang))
    open_alerts = alerts[alerts["state"] == "open"]
    if open_alerts.empty:
        st.info(t("ack_none", lang))
        return
    names = {row.alert_id: _label(row, lang) for row in open_alerts.itertuples()}
    targets = {
        row.alert_id: target_name(row.name_zh, row.name_en, lang)
        for row in open_alerts.itertuples()
    }
    with st.form("acknowledge", border=True):
        _choose_alert("ack_alert", names, lang)
        st.text_area(t("ack_note", lang), key="ack_note", max_chars=500)
        _submit("ack_submit", lang, _acknowledge, (reviews, user, lang, targets))


def _answer(path: Path, user: User, lang: Lang, departments: dict[str, str | None]) -> None:
    """Form callback: store the answer (the alert's department comes from the snapshot)."""
    state = st.session_state
    alert_id = state[widgets.key_of("answer_alert", lang)]
    try:
        writes.answer(
            path,
            user,
            alert_id,
            departments.get(alert_id),
            state.get("answer_explanation") or "",
            state.get("answer_measures") or "",
        )
    except (PermissionError, ValueError) as exc:
        state[FEEDBACK_KEY] = ("error", t("answer_refused", lang, error=exc))
        return
    state["answer_explanation"] = state["answer_measures"] = ""
    state[FEEDBACK_KEY] = ("success", t("answer_done", lang, target=alert_id))


def answer_form(alerts: pd.DataFrame, user: User, reviews: Path, lang: Lang) -> None:
    """The answer form (情况说明, 整改措施) over the live alerts this user may answer."""
    if not any(can(user, Action.ANSWER, d) for d in [*alerts["department"], user.department]):
        return
    st.subheader(t("answer_header", lang))
    live = [
        row
        for row in alerts.itertuples()
        if row.state != "resolved" and can(user, Action.ANSWER, row.department)
    ]
    if not live:
        st.info(t("answer_none", lang))
        return
    names = {row.alert_id: _label(row, lang) for row in live}
    departments = {row.alert_id: row.department for row in live}
    with st.form("answer", border=True):
        _choose_alert("answer_alert", names, lang)
        st.text_area(t("answer_explanation", lang), key="answer_explanation", max_chars=2000)
        st.text_area(t("answer_measures", lang), key="answer_measures", max_chars=2000)
        _submit("answer_submit", lang, _answer, (reviews, user, lang, departments))
