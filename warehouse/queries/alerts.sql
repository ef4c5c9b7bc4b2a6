-- Every alert of $region and $year, with its target's names.
select
    alerts.*,
    core.period_label(alerts.period) as period_label,
    targets.name_zh,
    targets.name_en,
    targets.unit
from mart.alerts as alerts
left join mart.targets as targets using (region_code, year, target_code)
where alerts.region_code = $region and alerts.year = $year
