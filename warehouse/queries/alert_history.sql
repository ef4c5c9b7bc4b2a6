-- Every recorded change of one alert, oldest first.
select
    *,
    core.period_label(period) as period_label
from mart.alert_history
where alert_id = $alert_id
order by seq
