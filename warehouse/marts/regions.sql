-- mart.regions: the register of administrative divisions (province, city, county) with parents.
with regions as (
    select * from core.regions
),

final as (
    select
        region_code,
        name_zh,
        level,
        parent_code,
        name_en
    from regions
)

select * from final
