-- A failed run's row in core.runs (written by the flow's on_failure hook, after the rollback).
insert into core.runs (run_id, started_at, finished_at, state, inbox, message)
values ($run_id, $at, $at, 'failed', $inbox, $message)
on conflict do nothing
