-- What must be sent, once each (SPEC §5, §7): a live alert whose severity is above the one last
-- notified; an escalation (红色督办) not yet notified; an answer overdue for a due date not yet
-- notified. One row per notification, oldest alert first, with the alert's region name (from
-- the register) and year for the notification's title.
with live as (
    select * from judged.alerts
    where state <> 'resolved'
),

regions as (
    select * from mart.regions
),

final as (
    select
        alert_id,
        'severity' as kind,
        severity,
        message,
        opened_at
    from live
    where rules.severity_rank(severity) > rules.severity_rank(notified_severity)
    union all
    select
        alert_id,
        'escalation' as kind,
        severity,
        message || '；列为红色督办（' || coalesce(department, '责任单位') || '）' as message,
        opened_at
    from live
    where escalated and not coalesce(notified_escalation, false)
    union all
    select
        alert_id,
        'overdue' as kind,
        severity,
        message || '；' || coalesce(department, '责任单位') || '逾期未反馈（应于'
        || strftime(response_due, '%Y-%m-%d') || '前反馈）' as message,
        opened_at
    from live
    where response_state = 'overdue' and notified_overdue_for is distinct from response_due
)

select
    final.alert_id,
    final.kind,
    final.severity,
    final.message,
    coalesce(regions.name_zh, live.region_code) as region_name,
    live.year
from final
inner join live using (alert_id)
left join regions using (region_code)
order by final.opened_at, final.alert_id, final.kind
