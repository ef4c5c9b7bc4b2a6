-- One target's rows of mart.target_progress up to $period, oldest first.
select
    *,
    core.period_label(period) as period_label
from mart.target_progress
where
    region_code = $region
    and year = $year
    and target_code = $target
    and period_sort_key <= core.period_sort_key($period)
order by period_sort_key
