"""数据质量 Data quality: files seen (quarantined first), unmapped names, findings, runs, Data Docs.

This page works without any figure loaded: when every drop was quarantined, it is where to look.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import context, queries, shaping
from dashboard.context import Context
from dashboard.i18n import COLUMNS, headed, t, word


def main() -> None:
    ctx = context.require_warehouse()
    lang = ctx.lang
    st.title(t("page_quality", lang))
    _files(ctx)
    _unmapped(ctx)
    _findings(ctx)
    st.subheader(t("runs", lang))
    runs = shaping.runs_table(queries.runs(ctx.snapshot), lang)
    st.dataframe(headed(runs, lang), hide_index=True, placeholder="", key="runs")
    _data_docs(ctx)


def _files(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(t("files", lang))
    files = queries.files(ctx.snapshot)
    counts = files["state"].value_counts()
    columns = st.columns(3)
    for column, state in zip(columns, ("quarantined", "loaded", "duplicate"), strict=True):
        column.metric(t(f"files_{state}", lang), int(counts.get(state, 0)), border=True)
    shown = shaping.files_table(files, lang)
    for reason in shown.loc[files["state"] == "quarantined", "reason"]:
        st.error(str(reason))
    st.dataframe(
        headed(shown, lang),
        hide_index=True,
        placeholder="",
        key="files",
        column_config={word(COLUMNS, "reason", lang): st.column_config.TextColumn(width="large")},
    )


def _unmapped(ctx: Context) -> None:
    unmapped = queries.unmapped_indicators(ctx.snapshot)
    _table(ctx, "unmapped", shaping.with_beijing_times(unmapped, ["loaded_at"]))


def _findings(ctx: Context) -> None:
    findings = queries.dq_findings(ctx.snapshot)
    _table(ctx, "findings", shaping.findings_table(findings, ctx.lang), wide="message")


def _table(ctx: Context, name: str, shown: pd.DataFrame, wide: str | None = None) -> None:
    """A section: its title, then the table, or the words for none (`<name>_none`)."""
    st.subheader(t(name, ctx.lang))
    if shown.empty:
        st.caption(t(f"{name}_none", ctx.lang))
        return
    config = {}
    if wide:
        config[word(COLUMNS, wide, ctx.lang)] = st.column_config.TextColumn(width="large")
    st.dataframe(
        headed(shown, ctx.lang), hide_index=True, placeholder="", key=name, column_config=config
    )


def _data_docs(ctx: Context) -> None:
    st.subheader(t("data_docs", ctx.lang))
    index = ctx.data_docs / "index.html"
    if not index.exists():
        st.info(t("data_docs_missing", ctx.lang, path=index))
        return
    st.markdown(f"{t('data_docs_hint', ctx.lang)} [{index.name}]({index.as_uri()})")
    st.code(str(index), language=None)


main()
