"""The one-screen summary `hetang run` prints at the end of a run."""

from __future__ import annotations

from flows.nightly import RunSummary

STATUS_ZH = {"on_track": "达标", "at_risk": "预警", "shortfall": "未达标", "no_data": "无数据"}


def render_summary(s: RunSummary, demo: bool) -> str:
    counts = ", ".join(
        f"{STATUS_ZH.get(k, k)} {k} {s.status_counts.get(k, 0)}"
        for k in ("on_track", "at_risk", "shortfall", "no_data")
    )
    lines = [
        f"hetang run {s.run_id} completed in {s.duration_s:.1f} s (as of {s.as_of})",
        f"  inbox      {s.inbox}"
        + ("  [SYNTHETIC DEMO DATA, not official statistics]" if demo else ""),
        f"  warehouse  {s.warehouse}",
        f"  files      {len(s.loaded)} loaded, {len(s.quarantined)} quarantined, "
        f"{len(s.duplicate)} duplicate; {s.observations} observations",
        f"  targets    {counts}"
        + (f"  (inputs unchanged: statuses of run {s.statuses_of})" if s.statuses_of else ""),
        f"  alerts     {s.opened} opened, {s.escalated} escalated, {s.resolved} resolved, "
        f"{s.acknowledged} acknowledged, {s.notified} notified",
    ]
    if s.supervision:
        events = ", ".join(f"{n} {event}" for event, n in sorted(s.supervision.items()))
        lines.append(f"  supervision {events}")
    lines += [f"  briefing   {path}" for path in s.briefings]
    lines += [f"  quarantined: {reason}" for reason in s.reasons]
    return "\n".join(lines)
