-- mart.target_status (judged): each target's status at its latest period.
with progress as (
    select * from mart.target_progress
),

targets as (
    select * from mart.targets
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
        latest.projection
    from latest
    inner join targets using (region_code, year, target_code)
)

select * from final
