-- mart.runs: one row per nightly run.
select
    run_id,
    started_at,
    finished_at,
    state,
    as_of,
    inbox,
    files_loaded,
    files_quarantined,
    files_duplicate,
    alerts_opened,
    alerts_escalated,
    alerts_resolved,
    duration_s,
    message
from core.runs
