-- Every status that changes an alert, with the event it makes (into temp table _alert_changes):
--   opened       at_risk/shortfall and no live alert
--   escalated    severity rose (the alert is open again, even if it was acknowledged)
--   deescalated  severity fell (an acknowledgement stays)
--   updated      same severity, new period or figure
--   resolved     on_track with a live alert
-- A status of no_data leaves its alert as it is. $follow = false finds nothing (reviews only).
create or replace temp table _alert_changes as
with status as (
    select
        region_code,
        year,
        target_code,
        period,
        status,
        actual,
        target_value,
        expected,
        unit,
        kind,
        direction,
        name_zh,
        progress_ratio,
        months_left,
        needed_per_month,
        growth_needed,
        core.period_elapsed(period) as elapsed,
        core.period_label(period) as period_label,
        rules.severity(status) as severity,
        case when kind = 'cumulative' then expected else target_value end as alert_target
    from mart.target_status
    where status in ('at_risk', 'shortfall', 'on_track') and $follow
),

live as (
    select * from judged.alerts
    where state <> 'resolved'
),

joined as (
    select
        status.*,
        live.alert_id as live_id,
        live.severity as live_severity,
        live.state as live_state,
        (
            live.period is distinct from status.period
            or live.actual is distinct from status.actual
        ) as moved,
        (
            rules.severity_rank(status.severity) > rules.severity_rank(live.severity)
            and live.severity is not null
        ) as rose,
        (
            rules.severity_rank(status.severity) < rules.severity_rank(live.severity)
            and status.severity is not null
        ) as fell
    from status
    left join live using (region_code, year, target_code)
    where status.severity is not null or live.alert_id is not null
),

final as (
    select
        *,
        case
            when severity is null then 'resolved'
            when live_id is null then 'opened'
            when rose then 'escalated'
            when fell then 'deescalated'
            else 'updated'
        end as event,
        coalesce(
            live_id,
            'A-' || year || '-' || target_code || '-'
            || left(replace(cast(gen_random_uuid() as varchar), '-', ''), 12)
        ) as alert_id,
        case
            when severity is null then 'resolved'
            when live_id is null or rose then 'open'
            else live_state
        end as new_state
    from joined
    where severity is null or live_id is null or rose or fell or moved
)

select * from final
