-- The periods of $year that have figures in $region, oldest first.
select distinct
    period,
    core.period_label(period) as label,
    core.period_sort_key(period) as sort_key
from mart.observations
where region_code = $region and core.period_year(period) = $year
order by sort_key
