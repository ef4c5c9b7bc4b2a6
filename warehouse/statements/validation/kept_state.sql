-- The latest validation, when it read exactly these inputs (same fingerprint).
select
    run_id,
    status_counts
from judged.validation_state
where fingerprint = $fingerprint
