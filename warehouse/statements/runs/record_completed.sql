-- The completed run's own row in core.runs (written inside the run's transaction).
insert into core.runs
values (
    $run_id,
    $started_at,
    $finished_at,
    'completed',
    $as_of,
    $inbox,
    $loaded,
    $quarantined,
    $duplicate,
    $opened,
    $escalated,
    $resolved,
    $duration_s,
    null
)
