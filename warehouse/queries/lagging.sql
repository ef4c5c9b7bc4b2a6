-- The live alerts of $region and $year with who answers for them and what they answered (the
-- latest answer since the answer was asked for): the briefing's lagging targets, the
-- dashboard's supervision list. Overdue answers first, then escalated, then the most severe,
-- then the oldest, then by target.
with alerts as (
    select * from mart.alerts
    where region_code = $region and year = $year and state <> 'resolved'
),

targets as (
    select * from mart.targets
    where region_code = $region and year = $year
),

statuses as (
    select * from mart.target_status
    where region_code = $region and year = $year
),

answers as (
    select
        responses.alert_id,
        max_by(responses.explanation, responses.responded_at) as explanation,
        max_by(responses.measures, responses.responded_at) as measures,
        max_by(responses.responded_by, responses.responded_at) as responded_by,
        max(responses.responded_at) as responded_at
    from mart.responses as responses
    inner join alerts using (alert_id)
    where responses.responded_at >= alerts.asked_at
    group by responses.alert_id
),

final as (
    select
        alerts.alert_id,
        alerts.target_code,
        targets.name_zh,
        targets.name_en,
        alerts.department,
        targets.leader,
        statuses.status,
        alerts.severity,
        alerts.state,
        coalesce(alerts.lag_periods, 0) as lag_periods,
        coalesce(alerts.escalated, false) as escalated,
        alerts.escalation_reason,
        alerts.message,
        coalesce(alerts.response_state, 'awaiting') as response_state,
        alerts.response_due,
        answers.explanation,
        answers.measures,
        answers.responded_by,
        answers.responded_at
    from alerts
    inner join targets using (region_code, year, target_code)
    left join statuses using (region_code, year, target_code)
    left join answers using (alert_id)
    order by
        alerts.response_state = 'overdue' desc,
        coalesce(alerts.escalated, false) desc,
        alerts.severity_rank desc,
        alerts.opened_at asc,
        alerts.target_code asc  -- alerts opened by one run tie: the order must not vary
)

select * from final
