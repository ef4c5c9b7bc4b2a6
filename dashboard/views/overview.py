"""总览 Overview: every target's status at the chosen period, counts, progress and data freshness."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, context, queries, shaping
from dashboard.context import Chosen
from dashboard.i18n import RUN_STATE, STATUS, Lang, period_label, t, word


def main() -> None:
    ctx = context.require_figures()
    lang = ctx.lang
    scorecard = queries.scorecard(ctx.snapshot, ctx.region, ctx.year, ctx.period)
    chosen = period_label(ctx.period, _label_of(scorecard, ctx.period), lang)
    where = t("region_year", lang, region=ctx.region_name, year=ctx.year)
    st.title(f"{t('page_overview', lang)} · {where} · {chosen}")
    _counts(scorecard, ctx)
    st.subheader(t("scorecard", lang))
    _scorecard(scorecard, ctx)
    _ranks(scorecard, ctx)
    _catch_up(scorecard, ctx)
    if (scorecard["kind"] == "cumulative").any() and scorecard["progress_ratio"].notna().any():
        st.subheader(t("progress_chart", lang))
        st.caption(t("progress_caption", lang))
        st.altair_chart(charts.progress_chart(scorecard, lang), width="stretch")
    _freshness(ctx)


def _label_of(scorecard: pd.DataFrame, period: str) -> str:
    """The Chinese wording of the chosen period (from core.period_label via the scorecard)."""
    labels = scorecard.loc[scorecard["period"] == period, "period_label"]
    if len(labels):
        return str(labels.iloc[0])
    return period


def _counts(scorecard: pd.DataFrame, ctx: Chosen) -> None:
    st.subheader(t("status_counts", ctx.lang))
    counts = shaping.status_counts(scorecard)
    columns = st.columns(len(shaping.STATUS_ORDER))
    for column, status in zip(columns, shaping.STATUS_ORDER, strict=True):
        column.metric(word(STATUS, status, ctx.lang), counts[status], border=True)
    others = {k: v for k, v in counts.items() if k not in shaping.STATUS_ORDER and v}
    if others:
        st.caption(", ".join(f"{word(STATUS, k, ctx.lang)}: {v}" for k, v in others.items()))


def _scorecard(scorecard: pd.DataFrame, ctx: Chosen) -> None:
    lang = ctx.lang
    table = shaping.scorecard_table(scorecard, lang)
    # Pixel widths that fit a 1400-pixel screen with the sidebar open.
    number = st.column_config.NumberColumn(format="localized", width=72)
    config = {
        t("col_status", lang): st.column_config.TextColumn(width=72),
        t("col_target", lang): st.column_config.TextColumn(width=220),
        t("col_period", lang): st.column_config.TextColumn(width=64),
        t("col_actual", lang): number,
        t("col_target_value", lang): number,
        t("col_expected", lang): st.column_config.NumberColumn(
            format="localized", width=72, help=t("col_expected_help", lang)
        ),
        t("col_projection", lang): number,
        t("col_previous", lang): st.column_config.NumberColumn(format="localized", width=64),
        t("col_progress", lang): st.column_config.ProgressColumn(
            min_value=0.0, max_value=1.0, format="percent", width=110
        ),
        t("col_elapsed", lang): st.column_config.NumberColumn(format="percent", width=72),
        t("col_time_gap", lang): st.column_config.NumberColumn(
            format="%+.1f", width=80, help=t("col_time_gap_help", lang)
        ),
        t("col_rank", lang): st.column_config.TextColumn(width=120),
        t("col_catch_up", lang): st.column_config.TextColumn(width=200),
    }
    st.dataframe(
        shaping.style_status(table, t("col_status", lang), lang),
        column_config=config,
        hide_index=True,
        placeholder="",
        height=36 * (len(table) + 1),
        key="scorecard",
    )


def _listed(pairs: list[tuple[str, str]], key: str, empty: str, lang: Lang) -> None:
    """A bullet list 'target: text' under a key of its own, or a caption when there is none."""
    if not pairs:
        st.caption(t(empty, lang))
        return
    separator = "：" if lang == "zh" else ": "
    with st.container(key=key):
        st.markdown("\n".join(f"- **{name}**{separator}{text}" for name, text in pairs))


def _ranks(scorecard: pd.DataFrame, ctx: Chosen) -> None:
    """争先进位: the district's rank among its peers for each indicator that has peers."""
    st.subheader(t("rank_header", ctx.lang))
    st.caption(t("rank_caption", ctx.lang))
    _listed(shaping.ranked_targets(scorecard, ctx.lang), "ranks", "rank_none", ctx.lang)


def _catch_up(scorecard: pd.DataFrame, ctx: Chosen) -> None:
    """倒算: what the cumulative targets behind time progress need each month from now on."""
    st.subheader(t("catch_up_header", ctx.lang))
    pairs = shaping.catch_up_targets(scorecard, ctx.lang)
    _listed(pairs, "catch_up", "catch_up_none", ctx.lang)


def _freshness(ctx: Chosen) -> None:
    lang = ctx.lang
    st.subheader(t("freshness", lang))
    run = queries.last_run(ctx.snapshot)
    if run is None:
        st.info(t("no_runs", lang))
    else:
        left, middle, right = st.columns(3)
        left.metric(t("last_run", lang), shaping.beijing(run["started_at"]), border=True)
        middle.metric(t("last_run_state", lang), word(RUN_STATE, run["state"], lang), border=True)
        right.metric(t("run_as_of", lang), str(run["as_of"])[:10], border=True)
    fresh = queries.freshness(ctx.snapshot, ctx.region)
    st.dataframe(
        shaping.freshness_table(fresh, lang), hide_index=True, placeholder="", key="freshness"
    )


main()
