"""通报 Briefing: download buttons for the briefings (.docx, .xlsx, .pdf) the nightly run wrote."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from dashboard import context, queries
from dashboard.i18n import FILE_FORMAT, period_label, t, word
from hetang.settings import Settings


def main() -> None:
    ctx = context.require_figures()
    lang = ctx.lang
    st.title(f"{t('page_briefing', lang)} · {ctx.region}")
    st.subheader(t("briefing_header", lang))
    folder = Settings().paths.briefings
    found = queries.briefing_files(folder, ctx.region)
    if not found:
        st.info(t("briefing_none", lang, folder=folder), icon="ℹ️")
        return
    st.caption(t("briefing_caption", lang, folder=folder))
    labels = queries.period_labels(ctx.snapshot, sorted({f.period for f in found}))
    for period, files in groupby(found, key=lambda f: f.period):
        shown = period_label(period, labels.get(period, period), lang)
        st.markdown(f"**{t('briefing_period', lang, period=shown)}**")
        columns = st.columns(len(queries.BRIEFING_SUFFIXES))
        for column, item in zip(columns, files, strict=False):
            column.download_button(
                t(
                    "briefing_download",
                    lang,
                    period=shown,
                    format=word(FILE_FORMAT, item.suffix, lang),
                ),
                data=item.path.read_bytes(),
                file_name=item.path.name,
                mime=queries.BRIEFING_TYPES[item.suffix],
                key=f"briefing_{period}{item.suffix}",
                on_click="ignore",
                icon=":material/download:",
            )


main()
