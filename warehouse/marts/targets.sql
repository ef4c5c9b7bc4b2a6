-- mart.targets: one row per (region, year, target) of the catalog.
with targets as (
    select * from core.targets
),

final as (
    select
        region_code,
        year,
        target_code,
        name_zh,
        name_en,
        kind,
        direction,
        target_value,
        tolerance,
        coalesce(
            band,
            case kind when 'rate' then 1.0 when 'relative' then 0.5 when 'cumulative' then 0.1 end
        ) as band,
        unit,
        frequency,
        source_quote,
        wording,
        section,
        indicator_code,
        compare_with,
        strict,
        due_period,
        value_2021
    from targets
)

select * from final
