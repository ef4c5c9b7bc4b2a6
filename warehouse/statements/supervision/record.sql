-- One history row per supervision event of this run, worded as the office writes it.
insert into judged.alert_history
with events as (
    select
        s.alert_id,
        unnest(s.events) as event,
        s.new_due,
        s.lag_periods,
        s.lagging,
        coalesce(s.department, '责任单位') as department
    from _supervision as s
),

final as (
    select
        events.alert_id,
        $now::timestamp as changed_at,
        events.event,
        a.severity,
        a.state,
        a.period,
        a.actual,
        case events.event
            when 'answer_requested'
                then
                    '请' || events.department || '于' || strftime(events.new_due, '%Y-%m-%d')
                    || '前反馈情况说明和整改措施'
            when 'responded' then events.department || '已反馈情况说明和整改措施'
            when 'overdue'
                then
                    events.department || '逾期未反馈（应于'
                    || strftime(events.new_due, '%Y-%m-%d') || '前反馈）'
            when 'red_supervision'
                then '列为红色督办：' || case
                    when events.lagging then '连续' || events.lag_periods || '期预警或未达标'
                    else '逾期未反馈'
                end
        end as message,
        $run_id as run_id
    from events
    inner join judged.alerts as a using (alert_id)
)

select * from final
