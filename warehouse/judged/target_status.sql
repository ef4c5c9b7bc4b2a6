-- mart.target_status (judged): each target's status at its latest period, with its lag
-- (lag_periods: the consecutive periods of its series, ending at the latest, that are at risk
-- or in shortfall) and what it still needs (SPEC §7).
with progress as (
    select * from mart.target_progress
),

targets as (
    select * from mart.targets
),

judged_periods as (
    select
        *,
        status in ('at_risk', 'shortfall') as lagging,
        max(case when status = 'on_track' then period_sort_key end) over (
            partition by region_code, year, target_code
        ) as last_on_track
    from progress
    where status in ('on_track', 'at_risk', 'shortfall')
),

lags as (
    select
        region_code,
        year,
        target_code,
        count(*) filter (
            where lagging and period_sort_key > coalesce(last_on_track, -1)
        ) as lag_periods
    from judged_periods
    group by all
),

latest as (
    select *
    from progress
    qualify row_number() over (
        partition by region_code, year, target_code order by period_sort_key desc
    ) = 1
),

final as (
    select
        latest.region_code,
        latest.year,
        latest.target_code,
        latest.period,
        latest.status,
        latest.actual,
        latest.target_value,
        targets.name_zh,
        targets.name_en,
        latest.kind,
        latest.direction,
        latest.unit,
        latest.expected,
        latest.gap,
        latest.progress_ratio,
        latest.projection,
        coalesce(lags.lag_periods, 0) as lag_periods,
        latest.months_left,
        latest.remaining,
        latest.needed_per_month,
        latest.growth_needed,
        targets.department
    from latest
    inner join targets using (region_code, year, target_code)
    left join lags using (region_code, year, target_code)
)

select * from final
