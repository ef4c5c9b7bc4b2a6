-- Every target of $region and $year with its status at or before $period (no_data when it has
-- none yet), its department and its rank among its peers at that period. Same end month = same
-- time: 1-3月 shows figures reported for 一季度 too.
with targets as (
    select
        row_number() over () as catalog_order,
        *
    from mart.targets
    where region_code = $region and year = $year
),

progress as (
    select *
    from mart.target_progress
    where
        region_code = $region
        and year = $year
        and period_sort_key // 10 <= core.period_sort_key($period) // 10
    qualify row_number() over (
        partition by target_code order by period_sort_key desc
    ) = 1
),

ranks as (
    select * from mart.region_ranks
    where region_code = $region
),

parents as (
    select * from mart.regions
),

final as (
    select
        targets.catalog_order,
        targets.target_code,
        targets.name_zh,
        targets.name_en,
        targets.section,
        targets.kind,
        targets.direction,
        targets.unit,
        targets.previous_value,
        targets.target_value as catalog_value,
        progress.period,
        core.period_label(progress.period) as period_label,
        progress.actual,
        progress.target_value,
        progress.expected,
        progress.gap,
        progress.progress_ratio,
        progress.elapsed,
        progress.time_progress_gap,
        progress.projection,
        coalesce(progress.status, 'no_data') as status,
        progress.remaining,
        progress.needed_per_month,
        progress.growth_needed,
        progress.months_left,
        targets.department,
        ranks.rank,
        ranks.peers,
        parents.level as peers_level
    from targets
    left join progress using (target_code)
    left join ranks
        on
            targets.indicator_code = ranks.indicator_code
            and progress.period = ranks.period
    left join parents on ranks.parent_code = parents.region_code
    order by targets.catalog_order
)

select * from final
