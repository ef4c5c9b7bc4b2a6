"""预警 Alerts: the alerts to review, filters, acknowledgement and each alert's history.

Acknowledging writes to the review store only (warehouse.reviews.record_review): the snapshot
is read-only and the nightly run applies the review to judged.alerts. Until then the page
overlays the store itself (shaping.apply_reviews), so the alert shows as acknowledged at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import context, queries, shaping, widgets
from dashboard.context import Chosen
from dashboard.i18n import ALERT_STATE, SEVERITY, Lang, period_label, t, target_name, word
from warehouse.reviews import Review, load_reviews, record_review

_SEVERITY_BADGE = {"critical": "red", "warning": "orange"}
_STATE_BADGE = {"open": "blue", "acknowledged": "green", "resolved": "gray"}
_FEEDBACK_KEY = "ack_feedback"


def main() -> None:
    ctx = context.require_figures()
    lang = ctx.lang
    st.title(t("page_alerts", lang))
    st.caption(t("alerts_scope", lang))
    reviews = load_reviews(ctx.reviews)
    alerts = shaping.sort_alerts(
        shaping.apply_reviews(queries.alerts(ctx.snapshot, ctx.region, ctx.year), reviews)
    )
    if alerts.empty:
        st.success(t("alerts_none", lang))
        return
    _metrics(alerts, lang)
    shown = _filters(alerts, lang)
    _cards(shown, lang)
    _acknowledge_form(alerts, ctx)
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


def _acknowledge(reviews_path: Path, lang: Lang, names: dict[str, str]) -> None:
    """Form callback: record the review before the page is drawn again, so it shows at once."""
    state = st.session_state
    reviewer = (state.get("ack_reviewer") or "").strip()
    if not reviewer:
        state[_FEEDBACK_KEY] = ("error", t("ack_need_reviewer", lang))
        return
    alert_id = state[widgets.key_of("ack_alert", lang)]
    record_review(reviews_path, alert_id, reviewer, state.get("ack_note"))
    state["ack_note"] = ""
    state[_FEEDBACK_KEY] = ("success", t("ack_done", lang, target=names.get(alert_id, alert_id)))


def _acknowledge_form(alerts: pd.DataFrame, ctx: Chosen) -> None:
    lang = ctx.lang
    st.subheader(t("ack_header", lang))
    feedback = st.session_state.pop(_FEEDBACK_KEY, None)
    if feedback:
        kind, text = feedback
        (st.success if kind == "success" else st.error)(text)
    open_alerts = alerts[alerts["state"] == "open"]
    if open_alerts.empty:
        st.info(t("ack_none", lang))
        return
    targets = {row.alert_id: _name(row, lang) for row in open_alerts.itertuples()}
    # The office's message (Chinese) already names the target and the period.
    names = {
        row.alert_id: str(row.message) if lang == "zh" else f"{_name(row, lang)} — {row.message}"
        for row in open_alerts.itertuples()
    }
    with st.form("acknowledge", border=True):
        # Inside a form: no on_change, so one plain key per language.
        st.selectbox(
            t("ack_alert", lang),
            list(names),
            format_func=names.__getitem__,
            key=widgets.key_of("ack_alert", lang),
        )
        st.text_input(t("ack_reviewer", lang), key="ack_reviewer", max_chars=60)
        st.text_area(t("ack_note", lang), key="ack_note", max_chars=500)
        st.form_submit_button(
            t("ack_submit", lang),
            type="primary",
            key="ack_submit",
            on_click=_acknowledge,
            args=(ctx.reviews, lang, targets),
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
