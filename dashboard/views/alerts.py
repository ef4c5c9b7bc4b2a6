"""预警 Alerts: the alerts to review, filters, acknowledgement, answers and each alert's history.

Acknowledging and answering write to the review store only, through access/writes.py (role
checked server-side, audited; dashboard/alert_forms.py draws the forms for those allowed): the
snapshot is read-only and the nightly run applies them to judged.alerts. Until then the page
overlays the store itself (shaping.apply_reviews, shaping.apply_responses), so the alert shows
as acknowledged or responded at once.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import alert_forms, context, queries, shaping, signin, widgets
from dashboard.context import Chosen
from dashboard.i18n import (
    ALERT_STATE,
    RESPONSE_STATE,
    SEVERITY,
    Lang,
    period_label,
    t,
    target_name,
    word,
)
from warehouse.responses import load_responses
from warehouse.reviews import Review, load_reviews

_SEVERITY_BADGE = {"critical": "red", "warning": "orange"}
_STATE_BADGE = {"open": "blue", "acknowledged": "green", "resolved": "gray"}
_RESPONSE_BADGE = {"awaiting": "orange", "responded": "green", "overdue": "red"}


def main() -> None:
    ctx = context.require_figures()
    lang = ctx.lang
    st.title(t("page_alerts", lang))
    st.caption(t("alerts_scope", lang))
    user = signin.current_user()
    if user is None:  # app.py runs no page before sign-in; a page run alone shows nothing
        st.stop()
    reviews = load_reviews(ctx.reviews)
    alerts = shaping.apply_reviews(queries.alerts(ctx.snapshot, ctx.region, ctx.year), reviews)
    alerts = shaping.sort_alerts(shaping.apply_responses(alerts, load_responses(ctx.reviews)))
    if alerts.empty:
        st.success(t("alerts_none", lang))
        return
    _metrics(alerts, lang)
    shown = _filters(alerts, lang)
    _cards(shown, lang)
    alert_forms.show_feedback()
    alert_forms.acknowledge_form(alerts, user, ctx.reviews, lang)
    alert_forms.answer_form(alerts, user, ctx.reviews, lang)
    _history(shown if not shown.empty else alerts, reviews, ctx)


def _name(row: Any, lang: Lang) -> str:
    return target_name(row.name_zh, row.name_en, lang)


def _metrics(alerts: pd.DataFrame, lang: Lang) -> None:
    live = alerts[alerts["state"] != "resolved"]
    left, middle, right = st.columns(3)
    left.metric(t("metric_open", lang), int((alerts["state"] == "open").sum()), border=True)
    middle.metric(
        t("metric_acknowledged", lang), int((alerts["state"] == "acknowledged").sum()), border=True
    )
    right.metric(
        t("metric_critical", lang), int((live["severity"] == "critical").sum()), border=True
    )


def _filters(alerts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Severity, state and target filters; open and acknowledged alerts by default."""
    left, middle, right = st.columns(3)
    severities = widgets.choose_words(
        left, t("filter_severity", lang), SEVERITY, name="alert_severity", lang=lang,
        default=list(SEVERITY),
    )  # fmt: skip
    states = widgets.choose_words(
        middle, t("filter_state", lang), ALERT_STATE, name="alert_state", lang=lang,
        default=["open", "acknowledged"],
    )  # fmt: skip
    names = {row.target_code: _name(row, lang) for row in alerts.itertuples()}
    target = widgets.selectbox(
        right,
        t("filter_target", lang),
        [None, *names],
        name="alert_target",
        lang=lang,
        default=None,
        format_func=lambda c: names.get(c, t("all_targets", lang)),
    )
    return shaping.filter_alerts(alerts, severities, states, target)


def _cards(alerts: pd.DataFrame, lang: Lang) -> None:
    """One bordered card per alert: badges, target, the office's message, times, review."""
    if alerts.empty:
        st.info(t("alerts_filtered_none", lang))
        return
    for row in alerts.itertuples():
        with st.container(border=True, key=f"alert-{row.alert_id}"):
            severity = f":{_SEVERITY_BADGE.get(row.severity, 'gray')}-badge[{word(SEVERITY, row.severity, lang)}]"
            state = f":{_STATE_BADGE.get(row.state, 'gray')}-badge[{word(ALERT_STATE, row.state, lang)}]"
            st.markdown(
                f"{severity} {state} **{_name(row, lang)}** · {period_label(row.period, row.period_label, lang)}"
            )
            st.markdown(row.message)
            _supervision(row, lang)
            times = (
                f"{t('opened_at', lang)} {shaping.beijing(row.opened_at)} · "
                f"{t('updated_at', lang)} {shaping.beijing(row.updated_at)} · `{row.alert_id}`"
            )
            if isinstance(row.reviewer, str):
                review = t(
                    "reviewed", lang, reviewer=row.reviewer, at=shaping.beijing(row.reviewed_at)
                )
                note = row.review_note if isinstance(row.review_note, str) else ""
                times += f" · {review}" + (f"：{note}" if note else "")
            st.caption(times)


def _supervision(row: Any, lang: Lang) -> None:
    """Department, answer due date and state, escalation (红色督办) and the latest answer."""
    state = row.response_state if isinstance(row.response_state, str) else None
    parts = [t("card_department", lang, department=row.department or "—")]
    if state:
        badge = _RESPONSE_BADGE.get(state, "gray")
        parts.append(f":{badge}-badge[{word(RESPONSE_STATE, state, lang)}]")
    if not pd.isna(row.response_due):
        parts.append(t("card_due", lang, due=pd.Timestamp(row.response_due).strftime("%Y-%m-%d")))
    if bool(row.escalated):
        codes = row.escalation_reason.split(",") if isinstance(row.escalation_reason, str) else []
        reasons = "、".join(t(f"reason_{c}", lang, lag=row.lag_periods) for c in codes if c)
        parts.append(
            f":red-badge[{t('card_escalated', lang)}]" + (f" {reasons}" if reasons else "")
        )
    st.markdown(" · ".join(parts))
    if isinstance(row.answered_by, str):
        st.caption(
            t(
                "card_answer",
                lang,
                by=row.answered_by,
                at=shaping.beijing(row.answered_at),
                explanation=row.answer_explanation,
                measures=row.answer_measures,
            )
        )


def _history(alerts: pd.DataFrame, reviews: list[Review], ctx: Chosen) -> None:
    lang = ctx.lang
    st.subheader(t("history_header", lang))
    # No state in the label: it changes on acknowledgement and the widget would show the old one.
    names = {
        row.alert_id: f"{_name(row, lang)} · {period_label(row.period, row.period_label, lang)} · {row.alert_id}"
        for row in alerts.itertuples()
    }
    alert_id = widgets.choose(st, t("history_alert", lang), names, name="history_alert", lang=lang)
    history = queries.alert_history(ctx.snapshot, alert_id)
    st.dataframe(
        shaping.history_table(history, lang), hide_index=True, placeholder="", key="history"
    )
    st.markdown(f"**{t('history_reviews', lang)}**")
    mine = shaping.reviews_table(reviews, alert_id, lang)
    if mine.empty:
        st.caption(t("history_no_reviews", lang))
    else:
        st.dataframe(mine, hide_index=True, placeholder="", key="history_reviews")


main()
