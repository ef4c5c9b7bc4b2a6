-- What supervision (督办, SPEC §7) makes of every live alert this run (into temp table
-- _supervision): its department and lag; whether an answer is asked for now (just opened, its
-- severity rose, or it newly lags $lag_limit periods or more: a new escalation asks for a new
-- answer, due $due = $as_of + N working days); the state of the answer (responded when the
-- department answered since it was asked, overdue when $as_of is past the due date, else
-- awaiting); and its escalation (红色督办): reasons `lag` and `overdue`, kept while it lives.
create or replace temp table _supervision as
with live as (
    select * from judged.alerts
    where state <> 'resolved'
),

statuses as (
    select * from mart.target_status
),

answers as (
    select
        alert_id,
        max(responded_at) as responded_at
    from core.responses
    group by all
),

joined as (
    select
        live.alert_id,
        live.asked_at,
        live.response_due,
        live.severity_raised_at,
        coalesce(live.response_state, '') as old_state,
        coalesce(live.escalation_reason, '') as old_reason,
        statuses.department,
        coalesce(statuses.lag_periods, 0) as lag_periods,
        answers.responded_at,
        coalesce(statuses.lag_periods, 0) >= $lag_limit as lagging
    from live
    left join statuses using (region_code, year, target_code)
    left join answers using (alert_id)
),

asked as (
    select
        *,
        lagging and old_reason not like '%lag%' as newly_lagging,
        asked_at is null
        or severity_raised_at > asked_at
        or (lagging and old_reason not like '%lag%') as ask
    from joined
),

answered as (
    select
        *,
        case when ask then $now::timestamp else asked_at end as new_asked_at,
        case when ask then $due::date else response_due end as new_due
    from asked
),

stated as (
    select
        *,
        case
            when responded_at >= new_asked_at then 'responded'
            when $as_of::date > new_due then 'overdue'
            else 'awaiting'
        end as new_state
    from answered
),

final as (
    select
        *,
        nullif(concat_ws(
            ',',
            case when lagging or old_reason like '%lag%' then 'lag' end,
            case when new_state = 'overdue' or old_reason like '%overdue%' then 'overdue' end
        ), '') as new_reason,
        list_filter(
            [
                case when ask then 'answer_requested' end,
                case when new_state = 'responded' and old_state <> 'responded' then 'responded' end,
                case when new_state = 'overdue' and old_state <> 'overdue' then 'overdue' end,
                case
                    when
                        old_reason = '' and (lagging or new_state = 'overdue')
                        then 'red_supervision'
                end
            ],
            lambda event: event is not null
        ) as events
    from stated
)

select * from final
