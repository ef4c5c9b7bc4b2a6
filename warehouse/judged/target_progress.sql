-- mart.target_progress (judged): one row per (region, target, period) with the status GE found.
-- A row without an actual (or without the figure it is compared with) is no_data.
with measures as (
    select * from mart.target_measures
),

checks as (
    select * from judged.target_checks
),

growth_needed as (
    select * from mart.growth_needed
),

final as (
    select
        measures.region_code,
        measures.year,
        measures.target_code,
        measures.period,
        measures.actual,
        measures.target_value,
        measures.expected,
        measures.gap,
        measures.progress_ratio,
        measures.projection,
        case
            when measures.score is null then 'no_data'
            else coalesce(checks.status, 'not_validated')
        end as status,
        measures.kind,
        measures.direction,
        measures.unit,
        measures.elapsed,
        measures.threshold,
        measures.band,
        measures.compare_value,
        measures.time_progress_gap,
        measures.score,
        measures.on_track_min,
        measures.at_risk_min,
        measures.period_sort_key,
        measures.months_left,
        measures.remaining,
        measures.needed_per_month,
        growth_needed.growth_needed
    from measures
    left join checks using (region_code, year, target_code, period)
    left join growth_needed using (region_code, year, target_code, period)
)

select * from final
