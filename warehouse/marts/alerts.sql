-- mart.alerts: one row per alert; at most one not resolved per (region, year, target).
select
    alert_id,
    region_code,
    year,
    target_code,
    period,
    severity,
    state,
    opened_at,
    updated_at,
    severity_raised_at,
    resolved_at,
    actual,
    target_value,
    message
from core.alerts
