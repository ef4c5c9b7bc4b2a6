"""Turns query results into what the pages show: reviews overlaid, alerts ordered, tables worded.

Nothing here opens the warehouse or draws; the functions take and return DataFrames so that the
tests can check them without Streamlit. Rules are never re-derived here: the review overlay and
the severity order are those of `warehouse/rules.sql`, thresholds come from the marts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.i18n import (
    ALERT_STATE,
    EVENT,
    FILE_STATE,
    RUN_STATE,
    SEVERITY,
    STATUS,
    Lang,
    catch_up_text,
    period_label_en,
    rank_text,
    t,
    word,
)
from dashboard.i18n import period_label as period_text
from dashboard.i18n import target_name as name_in
from warehouse import rules, sql
from warehouse.responses import Response
from warehouse.reviews import Review

STATUS_ORDER = ("on_track", "at_risk", "shortfall", "no_data")
STATUS_COLOURS = {
    "on_track": "#2e7d32",
    "at_risk": "#ef8f00",
    "shortfall": "#c62828",
    "no_data": "#9e9e9e",
    "not_validated": "#6d4c41",
}
_STATE_RANK = {"open": 0, "acknowledged": 1, "resolved": 2}
# Overdue answers first, then those awaiting (by due date), then the answered ones.
_RESPONSE_RANK = {"overdue": 0, "awaiting": 1, "responded": 2}
# Warehouse timestamps are naive UTC; the district works on Beijing time (no daylight saving).
_BEIJING = pd.Timedelta(hours=8)


def beijing(value: Any) -> str:
    """A naive-UTC timestamp as Beijing time text ('' when missing)."""
    if value is None or pd.isna(value):
        return ""
    return (pd.Timestamp(value) + _BEIJING).strftime("%Y-%m-%d %H:%M")


def apply_reviews(alerts: pd.DataFrame, reviews: Sequence[Review]) -> pd.DataFrame:
    """Overlay the review store on mart.alerts, as the next nightly run will.

    An open alert that has a review at or after its severity last rose shows as acknowledged;
    the latest such review is attached (reviewer, reviewed_at, review_note) to every alert.
    """
    store = pd.DataFrame(
        {
            "alert_id": pd.Series([r.alert_id for r in reviews], dtype=object),
            "reviewed_at": pd.Series([r.reviewed_at for r in reviews], dtype="datetime64[us]"),
            "reviewer": pd.Series([r.reviewer for r in reviews], dtype=object),
            "note": pd.Series([r.note for r in reviews], dtype=object),
        }
    )
    con = rules.connect()
    try:
        con.register("shown_alerts", alerts.assign(pos_=range(len(alerts))))
        con.register("store_reviews", store)
        return sql.relation(con, "queries/reviewed_alerts").df()
    finally:
        con.close()


def apply_responses(alerts: pd.DataFrame, responses: Sequence[Response]) -> pd.DataFrame:
    """Overlay the review store's answers on mart.alerts, as the next nightly run will.

    An alert with an answer at or after it was asked for (asked_at) shows as responded at once;
    the latest answer (answered_by, answered_at, explanation, measures) is attached to each.
    """
    latest = {r.alert_id: r for r in responses}  # oldest first: the last one wins
    found = [latest.get(a) for a in alerts["alert_id"]]
    asked = pd.to_datetime(alerts["asked_at"]) if "asked_at" in alerts else None
    states = alerts["response_state"].astype(object).tolist()
    for i, answer in enumerate(found):
        asked_at = asked.iloc[i] if asked is not None else pd.NaT
        if answer is not None and not pd.isna(asked_at) and answer.responded_at >= asked_at:
            states[i] = "responded"
    return alerts.assign(
        response_state=states,
        answered_by=[r.responded_by if r else None for r in found],
        answered_at=[r.responded_at if r else None for r in found],
        answer_explanation=[r.explanation if r else None for r in found],
        answer_measures=[r.measures if r else None for r in found],
    )


def sort_alerts(alerts: pd.DataFrame) -> pd.DataFrame:
    """Resolved last; overdue answers, then awaiting by due date, then answered; then open
    before acknowledged, critical before warning, newest first."""
    ranked = alerts.assign(
        _resolved=alerts["state"] == "resolved",
        _response=alerts["response_state"].map(_RESPONSE_RANK).fillna(9),
        _state=alerts["state"].map(_STATE_RANK).fillna(9),
        _severity=alerts["severity"].map(rules.severity_rank),
    )
    ranked = ranked.sort_values(
        ["_resolved", "_response", "response_due", "_state", "_severity", "severity_raised_at",
         "opened_at"],
        ascending=[True, True, True, True, False, False, False],
        na_position="last",
    )  # fmt: skip
    return ranked.drop(columns=["_resolved", "_response", "_state", "_severity"]).reset_index(
        drop=True
    )


def filter_alerts(
    alerts: pd.DataFrame, severities: Sequence[str], states: Sequence[str], target: str | None
) -> pd.DataFrame:
    """The alerts of the chosen severities and states (and target, when one is chosen)."""
    keep = alerts["severity"].isin(severities) & alerts["state"].isin(states)
    if target:
        keep &= alerts["target_code"] == target
    return alerts[keep].reset_index(drop=True)


def status_counts(scorecard: pd.DataFrame) -> dict[str, int]:
    """How many targets have each status (every status of STATUS_ORDER, zero included)."""
    counts = scorecard["status"].value_counts().to_dict()
    return {status: int(counts.get(status, 0)) for status in (*STATUS_ORDER, *counts)}


def scorecard_table(scorecard: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The scorecard as shown: one row per target, worded columns, progress only where it applies."""
    cumulative = scorecard["kind"] == "cumulative"
    table = pd.DataFrame(
        {
            t("col_status", lang): [word(STATUS, s, lang) for s in scorecard["status"]],
            t("col_target", lang): [
                _with_unit(name_in(zh, en, lang), unit)
                for zh, en, unit in zip(
                    scorecard["name_zh"], scorecard["name_en"], scorecard["unit"], strict=True
                )
            ],
            t("col_period", lang): [
                (label if lang == "zh" else period_label_en(p)) if isinstance(p, str) else ""
                for p, label in zip(scorecard["period"], scorecard["period_label"], strict=True)
            ],
            t("col_actual", lang): scorecard["actual"],
            t("col_target_value", lang): scorecard["target_value"].where(
                scorecard["target_value"].notna(), scorecard["catalog_value"]
            ),
            t("col_expected", lang): scorecard["expected"].where(scorecard["kind"] != "milestone"),
            t("col_progress", lang): scorecard["progress_ratio"].where(cumulative),
            t("col_elapsed", lang): scorecard["elapsed"].where(cumulative),
            t("col_time_gap", lang): (scorecard["time_progress_gap"] * 100).round(1),
            t("col_projection", lang): scorecard["projection"],
            t("col_previous", lang): scorecard["previous_value"],
            t("col_rank", lang): rank_column(scorecard, lang),
            t("col_catch_up", lang): [
                catch_up_text(m, n, u, lang) if behind else ""
                for m, n, u, behind in zip(
                    scorecard["months_left"],
                    scorecard["needed_per_month"],
                    scorecard["unit"],
                    behind_schedule(scorecard),
                    strict=True,
                )
            ],
        }
    )
    return table


def rank_column(scorecard: pd.DataFrame, lang: Lang) -> list[str]:
    """Each target's peer rank at its period ('居全市第6位/9'), '' where it has no peers."""
    return [
        rank_text(rank, peers, level, lang)
        for rank, peers, level in zip(
            scorecard["rank"], scorecard["peers"], scorecard["peers_level"], strict=True
        )
    ]


def behind_schedule(scorecard: pd.DataFrame) -> pd.Series:
    """Cumulative targets below time progress with months left and something still to do."""
    return (
        (scorecard["kind"] == "cumulative")
        & (scorecard["time_progress_gap"].fillna(0) < 0)
        & (scorecard["months_left"].fillna(0) > 0)
        & (scorecard["remaining"].fillna(0) > 0)
    )


def ranked_targets(scorecard: pd.DataFrame, lang: Lang) -> list[tuple[str, str]]:
    """(target name, rank text) of every target that has peers at its period, catalog order."""
    texts = rank_column(scorecard, lang)
    names = [
        name_in(zh, en, lang)
        for zh, en in zip(scorecard["name_zh"], scorecard["name_en"], strict=True)
    ]
    return [(name, text) for name, text in zip(names, texts, strict=True) if text]


def catch_up_targets(scorecard: pd.DataFrame, lang: Lang) -> list[tuple[str, str]]:
    """(target name, catch-up text) of the cumulative targets behind schedule, catalog order."""
    rows = scorecard[behind_schedule(scorecard)]
    return [
        (
            name_in(row.name_zh, row.name_en, lang),
            catch_up_text(row.months_left, row.needed_per_month, row.unit, lang),
        )
        for row in rows.itertuples()
    ]


def ranking_bars(ranking: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The ranking chart's rows: region name, value, rank and whether it is the chosen region."""
    names = ranking["name_zh" if lang == "zh" else "name_en"]
    return pd.DataFrame(
        {
            "region": names.where(names.notna(), ranking["region_code"]).astype(str),
            "region_code": ranking["region_code"],
            "value": ranking["value"].astype(float),
            "rank": ranking["rank"].astype(int),
            "group": [
                t("ranking_own" if own else "ranking_peer", lang) for own in ranking["is_region"]
            ],
        }
    )


def _with_unit(name: str, unit: object) -> str:
    """'新增城镇就业（人）': the unit in the name column, as statistical tables put it."""
    return f"{name}（{unit}）" if isinstance(unit, str) and unit else name


def style_status(table: pd.DataFrame, column: str, lang: Lang) -> Styler:
    """Colour the status cells of `table` (white text on the status colour)."""
    colour_of = {word(STATUS, code, lang): colour for code, colour in STATUS_COLOURS.items()}

    def css(label: object) -> str:
        colour = colour_of.get(str(label))
        return f"background-color: {colour}; color: white; font-weight: 600" if colour else ""

    return table.style.map(css, subset=[column])


def freshness_table(freshness: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Latest period per indicator, worded."""
    return pd.DataFrame(
        {
            t("col_indicator", lang): freshness["indicator_code"],
            t("col_used_by", lang): freshness["name_zh" if lang == "zh" else "name_en"].fillna(""),
            t("col_latest_period", lang): [
                period_text(p, label, lang)
                for p, label in zip(freshness["period"], freshness["period_label"], strict=True)
            ],
            t("col_loaded_at", lang): [beijing(v) for v in freshness["loaded_at"]],
            t("col_source_file", lang): freshness["source_file"],
        }
    )


def history_table(history: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """An alert's history, worded."""
    return pd.DataFrame(
        {
            t("col_changed_at", lang): [beijing(v) for v in history["changed_at"]],
            t("col_event", lang): [word(EVENT, e, lang) for e in history["event"]],
            t("col_severity", lang): [word(SEVERITY, s, lang) for s in history["severity"]],
            t("col_state", lang): [word(ALERT_STATE, s, lang) for s in history["state"]],
            t("col_period", lang): [
                period_text(p, label, lang)
                for p, label in zip(history["period"], history["period_label"], strict=True)
            ],
            t("col_actual", lang): history["actual"],
            t("col_message", lang): history["message"],
        }
    )


def reviews_table(reviews: Sequence[Review], alert_id: str, lang: Lang) -> pd.DataFrame:
    """The reviews of one alert, newest first."""
    mine = sorted(
        (r for r in reviews if r.alert_id == alert_id), key=lambda r: r.reviewed_at, reverse=True
    )
    return pd.DataFrame(
        {
            t("col_changed_at", lang): [beijing(r.reviewed_at) for r in mine],
            t("col_reviewer", lang): [r.reviewer for r in mine],
            t("col_note", lang): [r.note or "" for r in mine],
        }
    )


def status_by_period(series: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """A target's status at each period, newest first."""
    rows = series.iloc[::-1]
    return pd.DataFrame(
        {
            t("col_period", lang): [
                period_text(p, label, lang)
                for p, label in zip(rows["period"], rows["period_label"], strict=True)
            ],
            t("col_actual", lang): rows["actual"].to_numpy(),
            t("col_target_value", lang): rows["target_value"].to_numpy(),
            t("col_expected", lang): rows["expected"].to_numpy(),
            t("col_status", lang): [word(STATUS, s, lang) for s in rows["status"]],
        }
    )


def vintage_table(vintages: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Every vintage of the revised (region, indicator, period) only; others were never revised."""
    revised = vintages.groupby(["indicator_code", "period"])["vintage"].transform("count") > 1
    rows = vintages[revised]
    return pd.DataFrame(
        {
            t("col_indicator", lang): rows["indicator_code"],
            t("col_period", lang): [
                period_text(p, label, lang)
                for p, label in zip(rows["period"], rows["period_label"], strict=True)
            ],
            t("col_vintage", lang): rows["vintage"],
            t("col_value", lang): rows["value"],
            t("col_current", lang): rows["is_current"],
            t("col_source_file", lang): rows["source_file"],
            t("col_loaded_at", lang): [beijing(v) for v in rows["loaded_at"]],
        }
    )


def files_table(files: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The file ledger with worded states, reasons in the page's language and Beijing times."""
    shown = files[
        ["file_name", "state", "reason", "layout", "encoding", "period", "loaded_at", "sha256"]
    ].copy()
    shown["reason"] = in_language(files, "reason", lang)
    shown["state"] = [word(FILE_STATE, s, lang) for s in shown["state"]]
    shown["loaded_at"] = [beijing(v) for v in shown["loaded_at"]]
    shown["sha256"] = shown["sha256"].str.slice(0, 12)
    return shown


def runs_table(runs: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The runs with worded states, Beijing times and the run date as a date."""
    shown = with_beijing_times(runs, ["started_at", "finished_at"])
    shown["state"] = [word(RUN_STATE, s, lang) for s in runs["state"]]
    shown["as_of"] = [
        str(v)[:10] if v is not None and not pd.isna(v) else "" for v in runs["as_of"]
    ]
    return shown


def findings_table(findings: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Findings with where and what (in the page's language) first, the run last."""
    shown = with_beijing_times(findings, ["run_started_at"])
    shown["message"] = in_language(findings, "message", lang)
    shown = shown.drop(columns=["message_zh"], errors="ignore")
    first = ["file_name", "row_number", "column_name", "rule", "message", "quarantined"]
    return shown[first + [c for c in shown.columns if c not in first]]


def in_language(frame: pd.DataFrame, column: str, lang: Lang) -> list[object]:
    """A text column of a mart in the page's language: `<column>_zh` in Chinese where there is
    one (rows from before it existed have only the English), else `column`."""
    if lang != "zh" or f"{column}_zh" not in frame.columns:
        return list(frame[column])
    return [
        zh if isinstance(zh, str) and zh else en
        for zh, en in zip(frame[f"{column}_zh"], frame[column], strict=True)
    ]


def with_beijing_times(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of `frame` whose timestamp `columns` read as Beijing time text."""
    shown = frame.copy()
    for column in columns:
        shown[column] = [beijing(v) for v in shown[column]]
    return shown


def trend_points(
    series: pd.DataFrame, vintages: pd.DataFrame, target: dict[str, Any], lang: Lang
) -> pd.DataFrame:
    """Long-form points for the trend chart: month (0-12), value, series, period wording.

    Actuals by period; the target line (rates, externals, milestones), the comparison figure
    (relative targets) or the time-progress path value × elapsed (cumulative); the projection
    to year end; and the earlier vintages of revised figures.
    """
    observed = series[series["actual"].notna()]
    parts = [_points(observed, "actual", t("series_actual", lang), lang)]
    kind = target["kind"]
    if kind == "cumulative":
        parts.append(
            _line([(0.0, 0.0), (12.0, target["target_value"])], t("series_time_path", lang))
        )
        parts.append(_projection(observed, lang))
    elif kind == "relative":
        compare = observed.assign(actual=observed["compare_value"])
        parts.append(
            _points(compare[compare["actual"].notna()], "compare", t("series_compare", lang), lang)
        )
    else:
        level = observed["target_value"].dropna()
        value = level.iloc[-1] if len(level) else target["target_value"]
        if value is not None and not pd.isna(value):
            parts.append(_line([(0.0, value), (12.0, value)], t("series_target", lang)))
        # "About" a value: the marts' threshold (value ± tolerance) where it differs from it.
        thresholds = observed["threshold"].dropna()
        if kind == "rate" and len(thresholds) and thresholds.iloc[-1] != value:
            threshold = float(thresholds.iloc[-1])
            parts.append(_line([(0.0, threshold), (12.0, threshold)], t("series_threshold", lang)))
    earlier = vintages[~vintages["is_current"].astype(bool)]
    revised = earlier.assign(actual=earlier["value"])
    parts.append(_points(revised, "revised", t("series_revised", lang), lang))
    return pd.concat([p for p in parts if not p.empty], ignore_index=True)


def _points(rows: pd.DataFrame, role: str, label: str, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": (rows["elapsed"].astype(float) * 12).round(2).to_numpy(),
            "value": rows["actual"].astype(float).to_numpy(),
            "series": label,
            "role": role,
            "period": [
                period_text(p, lbl, lang)
                for p, lbl in zip(rows["period"], rows["period_label"], strict=True)
            ],
        }
    )


def _line(points: list[tuple[float, float]], label: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [m for m, _ in points],
            "value": [float(v) for _, v in points],
            "series": label,
            "role": "reference",
            "period": "",
        }
    )


def _projection(observed: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """From the latest actual to the projected year-end figure (actual ÷ elapsed)."""
    if observed.empty or pd.isna(observed["projection"].iloc[-1]):
        return pd.DataFrame()
    last = observed.iloc[-1]
    line = _line(
        [(float(last["elapsed"]) * 12, last["actual"]), (12.0, last["projection"])],
        t("series_projection", lang),
    )
    return line.assign(role="projection")
