"""趋势 Trends: one target's figures by period against its target, its peer ranking, revisions."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, context, queries, shaping, widgets
from dashboard.context import Chosen
from dashboard.i18n import STATUS, period_label, rank_text, t, target_name, word


def main() -> None:
    ctx = context.require_figures()
    lang = ctx.lang
    st.title(t("page_trends", lang))
    targets = queries.targets(ctx.snapshot, ctx.region, ctx.year)
    names = {
        row.target_code: target_name(row.name_zh, row.name_en, lang) for row in targets.itertuples()
    }
    code = widgets.choose(st, t("trend_target", lang), names, name="trend_target", lang=lang)
    target = targets[targets["target_code"] == code].iloc[0].to_dict()
    st.caption(str(target.get("source_quote") or ""))
    series = queries.progress_series(ctx.snapshot, ctx.region, ctx.year, code, ctx.period)
    if series["actual"].isna().all():
        st.info(t("trend_no_data", lang))
        return
    indicators = [
        c for c in (target["indicator_code"], target.get("compare_with")) if isinstance(c, str)
    ]
    vintages = queries.vintages(ctx.snapshot, ctx.region, ctx.year, indicators, ctx.period)
    _metrics(series, target, ctx)
    points = shaping.trend_points(series, vintages, target, lang)
    st.altair_chart(charts.trend_chart(points, target["unit"], lang), width="stretch")
    _ranking(series, target, ctx)
    st.subheader(t("trend_statuses", lang))
    statuses = shaping.status_by_period(series, lang)
    # A Styler shows its own number text unless the columns say how (6 decimals otherwise).
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        shaping.style_status(statuses, t("col_status", lang), lang),
        hide_index=True,
        placeholder="",
        key="trend_statuses",
        column_config={
            t(c, lang): number for c in ("col_actual", "col_target_value", "col_expected")
        },
    )
    _vintages(vintages, ctx)


def _metrics(series: pd.DataFrame, target: dict, ctx: Chosen) -> None:
    lang = ctx.lang
    latest = series[series["actual"].notna()].iloc[-1]
    unit = target["unit"] or ""
    columns = st.columns(4)
    columns[0].metric(t("trend_latest", lang), _number(latest["actual"], unit), border=True)
    columns[1].metric(
        t("trend_target_value", lang), _number(latest["target_value"], unit), border=True
    )
    columns[2].metric(t("trend_status", lang), word(STATUS, latest["status"], lang), border=True)
    if target["kind"] == "cumulative":
        columns[3].metric(
            t("trend_projection", lang), _number(latest["projection"], unit), border=True
        )


def _ranking(series: pd.DataFrame, target: dict, ctx: Chosen) -> None:
    """争先进位: the peers' figures for the target's indicator at its latest period shown."""
    lang = ctx.lang
    latest = series[series["actual"].notna()].iloc[-1]
    period = str(latest["period"])
    indicator = target["indicator_code"]
    shown = period_label(period, str(latest["period_label"]), lang)
    name = target_name(target["name_zh"], target["name_en"], lang)
    st.subheader(t("ranking_header", lang, indicator=name, period=shown))
    ranking = queries.region_ranking(ctx.snapshot, ctx.region, indicator, period)
    if len(ranking) <= 1:
        st.caption(t("ranking_none", lang))
        return
    own = ranking[ranking["is_region"]].iloc[0]
    st.markdown(f"**{rank_text(own['rank'], own['peers'], own['parent_level'], lang)}**")
    bars = shaping.ranking_bars(ranking, lang)
    st.altair_chart(
        charts.ranking_chart(bars, target["unit"], lang), width="stretch", key="ranking_chart"
    )


def _number(value: Any, unit: str) -> str:
    """A figure as offices write it: thousands separators, no trailing zeros, then the unit."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(value):,.4f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def _vintages(vintages: pd.DataFrame, ctx: Chosen) -> None:
    lang = ctx.lang
    st.subheader(t("trend_vintages", lang))
    table = shaping.vintage_table(vintages, lang)
    if table.empty:
        st.caption(t("trend_no_vintages", lang))
    else:
        st.dataframe(table, hide_index=True, placeholder="", key="trend_vintages")


main()
