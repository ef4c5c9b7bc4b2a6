-- Every vintage of the $indicators of $region up to $period (current ones flagged).
select
    *,
    core.period_label(period) as period_label,
    core.period_elapsed(period) as elapsed
from mart.observation_vintages
where
    region_code = $region
    and core.period_year(period) = $year
    and list_contains($indicators, indicator_code)
    and core.period_sort_key(period) <= core.period_sort_key($period)
order by indicator_code, core.period_sort_key(period), vintage
