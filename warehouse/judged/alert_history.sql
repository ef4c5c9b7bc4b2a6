-- mart.alert_history (judged): every state change of every alert, numbered in order.
with history as (
    select * from judged.alert_history
),

final as (
    select
        alert_id,
        changed_at,
        event,
        severity,
        state,
        period,
        actual,
        message,
        run_id,
        -- One run records the lifecycle change first, then what supervision asks of it.
        row_number() over (
            partition by alert_id
            order by
                changed_at,
                case event
                    when 'red_supervision' then 1
                    when 'answer_requested' then 2
                    when 'responded' then 3
                    when 'overdue' then 4
                    else 0
                end,
                event
        ) as seq
    from history
)

select * from final
