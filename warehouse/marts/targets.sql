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
        coalesce(band, rules.default_band(kind)) as band,
        unit,
        frequency,
        source_quote,
        wording,
        section,
        indicator_code,
        compare_with,
        strict,
        due_period,
        previous_value,
        -- the published name of the 2022 catalog's previous-year figure (kept stable)
        case when year = 2022 then previous_value end as value_2021,
        department,
        leader,
        level_indicator
    from targets
)

select * from final
