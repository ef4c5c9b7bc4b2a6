-- mart.alerts (judged): one row per alert; at most one not resolved per (region, year, target).
with alerts as (
    select * from judged.alerts
),

final as (
    select
        * exclude (notified_severity, notified_escalation, notified_overdue_for),
        rules.severity_rank(severity) as severity_rank
    from alerts
)

select * from final
