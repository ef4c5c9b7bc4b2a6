-- The Chinese wording (core.period_label) of each period in $periods.
select
    period,
    core.period_label(period) as label
from unnest($periods::varchar[]) as periods (period)
