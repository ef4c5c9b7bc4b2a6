-- The rows the target suite can judge: those with a score and the thresholds to compare it with.
select
    score,
    on_track_min,
    at_risk_min,
    kind,
    region_code,
    year,
    target_code,
    period
from mart.target_measures
where score is not null
