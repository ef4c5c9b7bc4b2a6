"""What every page needs to know: where the snapshot is, what it holds, and the sidebar choices.

`app.py` builds the context once per script run (sidebar widgets, demo banner) and keeps it in
the session; pages read it with `current()` and stop with a helpful message when the warehouse
cannot answer them (`require_figures`, `require_warehouse`). The region is chosen by name
(荷塘区 · 430202) among the regions that have a catalog, then one of that region's catalog
years (latest first); names come from the register (mart.regions), never from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries, widgets
from dashboard.i18n import Lang, t
from dashboard.i18n import period_label as period_text
from hetang.settings import Settings

_SESSION_KEY = "hetang_context"


class Readiness(StrEnum):
    """What the published snapshot can answer."""

    MISSING = "missing"
    UNINITIALISED = "uninitialised"
    EMPTY = "empty"
    NO_YEAR_DATA = "no_year_data"
    READY = "ready"


@dataclass(frozen=True)
class Context:
    """The snapshot, what it holds, and the sidebar choices of this script run."""

    snapshot: Path
    reviews: Path
    data_docs: Path
    lang: Lang
    readiness: Readiness
    runs: int = 0
    demo: bool = False
    region: str | None = None
    region_name: str | None = None
    year: int | None = None
    period: str | None = None

    @property
    def title(self) -> str:
        """The monitor's title for the chosen region and year (荷塘区2022年目标监测)."""
        if self.region_name is None or self.year is None:
            return t("app_title_plain", self.lang)
        return t("app_title", self.lang, region=self.region_name, year=self.year)


def language() -> Lang:
    """The sidebar's language toggle (drawn before sign-in, so the form can be read in English)."""
    return "en" if st.sidebar.toggle(t("english", "zh"), key="lang_en") else "zh"


def build(settings: Settings, lang: Lang) -> Context:
    """Inspect the snapshot and draw the sidebar choices (only after sign-in)."""
    paths = settings.paths
    base = Context(paths.snapshot, paths.reviews, paths.data_docs, lang, Readiness.MISSING)
    if not paths.snapshot.exists():
        return base
    held = queries.contents(paths.snapshot)
    if not held.views_present:
        return _replace(base, readiness=Readiness.UNINITIALISED)
    demo = queries.is_demo(paths.snapshot)
    if held.observations == 0:
        return _replace(base, readiness=Readiness.EMPTY, runs=held.runs, demo=demo)
    return _choose(_replace(base, runs=held.runs, demo=demo))


def _choose(base: Context) -> Context:
    """Region, year and period selectors; the periods come from the data, latest by default."""
    catalogs = queries.catalog_years(base.snapshot)
    if catalogs.empty:
        return _replace(base, readiness=Readiness.EMPTY)
    region, name = _choose_region(catalogs, base.lang)
    years = catalogs.loc[catalogs["region_code"] == region, "year"].astype(int).tolist()
    year = widgets.selectbox(
        st.sidebar, t("year", base.lang), years, name="year", lang=base.lang,
        default=years[0], format_func=lambda y: t("year_option", base.lang, year=y),
    )  # fmt: skip
    chosen = _replace(base, region=region, region_name=name, year=year)
    found = queries.periods(base.snapshot, region, year)
    if found.empty:
        return _replace(chosen, readiness=Readiness.NO_YEAR_DATA)
    labels = dict(zip(found["period"], found["label"], strict=True))
    options = found["period"].tolist()
    period = widgets.selectbox(
        st.sidebar,
        t("period", base.lang),
        options,
        name="period",
        lang=base.lang,
        default=options[-1],
        format_func=lambda p: period_text(p, labels[p], base.lang),
    )
    return _replace(chosen, readiness=Readiness.READY, period=period)


def _choose_region(catalogs: pd.DataFrame, lang: Lang) -> tuple[str, str]:
    """The region selector, by name and code (荷塘区 · 430202); returns the code and name."""
    names = dict(zip(catalogs["region_code"], catalogs[f"name_{lang}"], strict=False))
    codes = list(names)
    region = widgets.selectbox(
        st.sidebar, t("region", lang), codes, name="region", lang=lang,
        default=codes[0], format_func=lambda code: f"{names[code]} · {code}",
    )  # fmt: skip
    return region, names[region]


def _replace(context: Context, **changes: object) -> Context:
    return Context(**{**context.__dict__, **changes})


def store(context: Context) -> None:
    """Keep the context of this run for the page about to be drawn."""
    st.session_state[_SESSION_KEY] = context


def current() -> Context:
    """The context `app.py` built in this script run."""
    return st.session_state[_SESSION_KEY]


def show_demo_banner(context: Context) -> None:
    """The banner every page opens with when the figures are synthetic demo data."""
    if context.demo:
        st.warning(t("demo_banner", context.lang), icon="⚠️")


def require_warehouse() -> Context:
    """The context with the demo banner drawn, or a message and stop when there is no warehouse.

    Pages draw the banner themselves: elements the entry point draws before `navigation.run()`
    were lost on page switches under AppTest, and the banner must never be missing.
    """
    context = current()
    if context.readiness is Readiness.MISSING:
        st.info(t("missing", context.lang, path=context.snapshot), icon="ℹ️")
        st.stop()
    if context.readiness is Readiness.UNINITIALISED:
        st.warning(t("uninitialised", context.lang, path=context.snapshot), icon="⚠️")
        st.stop()
    show_demo_banner(context)
    return context


@dataclass(frozen=True)
class Chosen:
    """What a page showing figures works with: the snapshot and a region, year and period."""

    snapshot: Path
    reviews: Path
    lang: Lang
    region: str
    year: int
    period: str
    region_name: str = ""


def require_figures() -> Chosen:
    """The choices, or a message and stop unless there are figures of the target year to show."""
    context = require_warehouse()
    if context.readiness is Readiness.EMPTY:
        st.info(t("empty", context.lang, runs=context.runs), icon="ℹ️")
        st.stop()
    if context.readiness is Readiness.NO_YEAR_DATA:
        st.warning(
            t(
                "no_year_data",
                context.lang,
                region=f"{context.region_name} · {context.region}",
                year=context.year or "",
            ),
            icon="⚠️",
        )
        st.stop()
    if context.region is None or context.year is None or context.period is None:
        raise RuntimeError(f"a {context.readiness} context has no region, year or period")
    return Chosen(
        context.snapshot,
        context.reviews,
        context.lang,
        context.region,
        context.year,
        context.period,
        context.region_name or context.region,
    )
