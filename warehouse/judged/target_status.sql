-- mart.target_status (judged): each target's status at its latest period, with its lag
-- (lag_periods: the consecutive periods of its series, ending at the latest, that are at risk
-- or in shortfall) and what it still needs (SPEC §7).
with progress as (
    select * from mart.target_progress
),

targets as (
    select * from mart.targets
),

-- One pass over each target's periods (one aggregate; a window over every measure and a second
-- read of them took most of the judge stage at national scale): the row of its latest period,
-- its last period on track, and the periods it was judged lagging in.
series as (
    select
        region_code,
        year,
        target_code,
        arg_max(
            {
                'period': period,
                'status': status,
                'actual': actual,
                'target_value': target_value,
                'kind': kind,
                'direction': direction,
                'unit': unit,
                'expected': expected,
                'gap': gap,
                'progress_ratio': progress_ratio,
                'projection': projection,
                'months_left': months_left,
                'remaining': remaining,
                'needed_per_month': needed_per_month,
                'growth_needed': growth_needed
            },
            period_sort_key
        ) as latest,
        max(period_sort_key) filter (where status = 'on_track') as last_on_track,
        list(period_sort_key) filter (
            where status in ('at_risk', 'shortfall')
        ) as lagging_keys
    from progress
    group by all
),

-- The lag: the lagging periods after the last one on track.
lagged as (
    select
        *,
        coalesce(
            len(list_filter(lagging_keys, lambda k: k > coalesce(last_on_track, -1))), 0
        ) as lag_periods
    from series
),

final as (
    select
        lagged.region_code,
        lagged.year,
        lagged.target_code,
        lagged.latest.period,
        lagged.latest.status,
        lagged.latest.actual,
        lagged.latest.target_value,
        targets.name_zh,
        targets.name_en,
        lagged.latest.kind,
        lagged.latest.direction,
        lagged.latest.unit,
        lagged.latest.expected,
        lagged.latest.gap,
        lagged.latest.progress_ratio,
        lagged.latest.projection,
        lagged.lag_periods,
        lagged.latest.months_left,
        lagged.latest.remaining,
        lagged.latest.needed_per_month,
        lagged.latest.growth_needed,
        targets.department
    from lagged
    inner join targets using (region_code, year, target_code)
)

select * from final
