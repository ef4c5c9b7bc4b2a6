"""The dashboard's shaping rules on three-row frames: review overlay, alert order, filters."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from dashboard import shaping
from warehouse.responses import Response
from warehouse.reviews import Review

RAISED = datetime(2023, 2, 1, 2, 0)


def alerts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "alert_id": ["a", "b", "c"],
            "target_code": ["gdp_growth", "fai_growth", "top500_projects"],
            "severity": ["warning", "critical", "critical"],
            "state": ["open", "open", "resolved"],
            "severity_raised_at": [RAISED, RAISED, RAISED],
            "opened_at": [datetime(2023, 1, 1), datetime(2023, 1, 2), datetime(2023, 1, 3)],
            "asked_at": [RAISED, RAISED, RAISED],
            "response_due": [datetime(2023, 2, 8)] * 3,
            "response_state": ["awaiting", "awaiting", "awaiting"],
        }
    )


def review(alert_id: str, at: datetime, who: str = "李明") -> Review:
    return Review(alert_id, at, who, None)


def test_a_review_since_the_severity_rose_acknowledges_an_open_alert():
    shown = shaping.apply_reviews(alerts(), [review("a", datetime(2023, 2, 1, 3, 0))])
    assert list(shown["state"]) == ["acknowledged", "open", "resolved"]
    assert shown["reviewer"].iloc[0] == "李明"


def test_a_review_older_than_the_last_escalation_does_not_count():
    shown = shaping.apply_reviews(alerts(), [review("b", datetime(2023, 2, 1, 1, 59))])
    assert list(shown["state"]) == ["open", "open", "resolved"]
    assert shown["reviewer"].isna().all()


def test_a_resolved_alert_stays_resolved_and_the_latest_review_is_shown():
    reviews = [review("c", datetime(2023, 2, 2), "甲"), review("c", datetime(2023, 2, 3), "乙")]
    shown = shaping.apply_reviews(alerts(), reviews)
    assert shown["state"].iloc[2] == "resolved"
    assert shown["reviewer"].iloc[2] == "乙"


def test_alerts_sort_open_first_then_critical_then_newest():
    frame = alerts().assign(
        state=["acknowledged", "open", "open"], severity=["critical", "warning", "critical"]
    )
    assert list(shaping.sort_alerts(frame)["alert_id"]) == ["c", "b", "a"]


def test_overdue_answers_come_first_then_awaiting_by_due_date_then_responded():
    frame = alerts().assign(
        state=["open", "open", "open"],
        response_state=["responded", "awaiting", "overdue"],
        response_due=[datetime(2023, 2, 6), datetime(2023, 2, 9), datetime(2023, 2, 10)],
    )
    assert list(shaping.sort_alerts(frame)["alert_id"]) == ["c", "b", "a"]
    awaiting = frame.assign(response_state=["awaiting"] * 3)
    assert list(shaping.sort_alerts(awaiting)["alert_id"]) == ["a", "b", "c"]


def test_an_answer_since_the_alert_was_asked_shows_responded_with_the_latest_answer():
    answers = [
        Response("a", "区人社局", "旧说明", "旧措施", "renshe", datetime(2023, 2, 1, 1)),
        Response("b", "区发改局", "已约谈", "月底前整改", "reviewer", datetime(2023, 2, 1, 3)),
        Response("b", "区发改局", "再次说明", "加快进度", "reviewer", datetime(2023, 2, 1, 4)),
    ]
    shown = shaping.apply_responses(alerts(), answers)
    # a's answer came before it was asked for (an earlier escalation's): still awaiting.
    assert list(shown["response_state"]) == ["awaiting", "responded", "awaiting"]
    assert list(shown["answer_explanation"].iloc[:2]) == ["旧说明", "再次说明"]
    assert pd.isna(shown["answer_explanation"].iloc[2])
    assert shown["answered_by"].iloc[1] == "reviewer"


def test_filters_by_severity_state_and_target():
    frame = alerts()
    assert list(
        shaping.filter_alerts(frame, ["critical"], ["open", "resolved"], None)["alert_id"]
    ) == ["b", "c"]
    assert list(
        shaping.filter_alerts(frame, ["critical", "warning"], ["open"], "gdp_growth")["alert_id"]
    ) == ["a"]


def test_status_counts_include_every_status():
    counts = shaping.status_counts(pd.DataFrame({"status": ["on_track", "on_track", "shortfall"]}))
    assert counts == {"on_track": 2, "at_risk": 0, "shortfall": 1, "no_data": 0}
