"""Altair charts of the dashboard; they take shaped DataFrames (see shaping.py) and draw only."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.i18n import STATUS, Lang, t, word
from dashboard.shaping import STATUS_COLOURS

# One colour per series role, so the same thing has the same colour on every target.
_ROLE_COLOURS = {
    "actual": "#1565c0",
    "compare": "#6a1b9a",
    "reference": "#616161",
    "projection": "#ef8f00",
    "revised": "#c62828",
}


def trend_chart(
    points: pd.DataFrame, unit: str | None, lang: Lang
) -> alt.LayerChart | alt.FacetChart:
    """Actual by period against the target line or time-progress path, projection, revisions."""
    series = points.drop_duplicates("series")
    colour = alt.Color(
        "series:N",
        title=t("chart_series", lang),
        scale=alt.Scale(
            domain=series["series"].tolist(),
            range=[_ROLE_COLOURS[role] for role in series["role"]],
        ),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X(
        "month:Q",
        title=t("chart_month", lang),
        scale=alt.Scale(domain=[0, 12]),
        axis=alt.Axis(values=list(range(13)), format="d"),
    )
    y = alt.Y(
        "value:Q", title=f"{t('chart_value', lang)} ({unit or ''})", scale=alt.Scale(zero=False)
    )
    tooltip = [
        alt.Tooltip("series:N", title=t("chart_series", lang)),
        alt.Tooltip("period:N", title=t("col_period", lang)),
        alt.Tooltip("value:Q", title=t("chart_value", lang), format=",.2f"),
    ]
    base = alt.Chart(points).encode(x=x, y=y, color=colour, tooltip=tooltip)
    measured = base.transform_filter(alt.FieldOneOfPredicate("role", ["actual", "compare"]))
    guides = base.transform_filter(alt.FieldOneOfPredicate("role", ["reference", "projection"]))
    revised = base.transform_filter(alt.datum.role == "revised")
    return alt.layer(
        guides.mark_line(strokeDash=[6, 4], strokeWidth=2),
        measured.mark_line(point=alt.OverlayMarkDef(size=60), strokeWidth=3),
        revised.mark_point(filled=False, size=140, strokeWidth=2),
    ).properties(height=380)


def progress_chart(scorecard: pd.DataFrame, lang: Lang) -> alt.LayerChart | alt.FacetChart:
    """Bullet chart of cumulative targets: share of the annual target done, time-progress mark."""
    rows = scorecard[(scorecard["kind"] == "cumulative") & scorecard["progress_ratio"].notna()]
    data = pd.DataFrame(
        {
            "target": rows["name_zh" if lang == "zh" else "name_en"],
            "progress": rows["progress_ratio"].astype(float),
            "elapsed": rows["elapsed"].astype(float),
            "status": [word(STATUS, s, lang) for s in rows["status"]],
            "actual": rows["actual"],
            "expected": rows["expected"],
            "projection": rows["projection"],
        }
    )
    statuses = [code for code in STATUS_COLOURS if code in set(rows["status"])]
    colour = alt.Color(
        "status:N",
        title=t("col_status", lang),
        scale=alt.Scale(
            domain=[word(STATUS, s, lang) for s in statuses],
            range=[STATUS_COLOURS[s] for s in statuses],
        ),
        legend=alt.Legend(orient="bottom"),
    )
    top = max(1.2, float(data["progress"].max() if len(data) else 1.0))
    y = alt.Y(
        "target:N",
        sort=None,
        title=None,
        axis=alt.Axis(labelLimit=280, labelOverlap=False, labelFontSize=12),
        scale=alt.Scale(paddingInner=0.35),
    )
    tooltip = [
        alt.Tooltip("target:N", title=t("col_target", lang)),
        alt.Tooltip("actual:Q", title=t("col_actual", lang), format=",.2f"),
        alt.Tooltip("expected:Q", title=t("col_expected", lang), format=",.2f"),
        alt.Tooltip("progress:Q", title=t("col_progress", lang), format=".1%"),
        alt.Tooltip("elapsed:Q", title=t("col_elapsed", lang), format=".1%"),
        alt.Tooltip("projection:Q", title=t("col_projection", lang), format=",.2f"),
    ]
    x = alt.X(
        "progress:Q",
        title=t("col_progress", lang),
        scale=alt.Scale(domain=[0, top]),
        axis=alt.Axis(format="%"),
    )
    bars = alt.Chart(data).mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    marks = (
        alt.Chart(data)
        .mark_tick(color="black", thickness=3, size=20)
        .encode(x=alt.X("elapsed:Q"), y=y, tooltip=tooltip)
    )
    return alt.layer(bars, marks).properties(height=max(120, 30 * len(data)))


def ranking_chart(
    bars: pd.DataFrame, unit: str | None, lang: Lang
) -> alt.LayerChart | alt.FacetChart:
    """Peer regions' values as horizontal bars, best rank on top, the chosen region highlighted."""
    own, peer = t("ranking_own", lang), t("ranking_peer", lang)
    colour = alt.Color(
        "group:N",
        title=None,
        scale=alt.Scale(domain=[own, peer], range=[_ROLE_COLOURS["actual"], "#b0bec5"]),
        legend=alt.Legend(orient="bottom"),
    )
    y = alt.Y(
        "region:N",
        # An explicit order: Vega-Lite drops a sort by field on the layers' shared domain.
        sort=bars.sort_values(["rank", "region_code"])["region"].tolist(),
        title=None,
        axis=alt.Axis(labelLimit=200, labelFontSize=12, labelOverlap=False),
    )
    x = alt.X("value:Q", title=f"{t('chart_value', lang)} ({unit or ''})")
    tooltip = [
        alt.Tooltip("region:N", title=t("ranking_region", lang)),
        alt.Tooltip("rank:Q", title=t("ranking_rank", lang)),
        alt.Tooltip("value:Q", title=t("chart_value", lang), format=",.2f"),
    ]
    base = alt.Chart(bars).encode(x=x, y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=",.1f"))
    return alt.layer(base.mark_bar().encode(color=colour), labels).properties(
        height=max(160, 32 * len(bars))
    )
