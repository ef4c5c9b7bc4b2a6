-- Every (region, year) that has a catalog, with the region's names from the register, for the
-- dashboard's region and year selectors: regions by name, latest year first.
with catalogs as (
    select distinct
        region_code,
        year
    from mart.targets
),

regions as (
    select * from mart.regions
),

final as (
    select
        catalogs.region_code,
        catalogs.year,
        coalesce(regions.name_zh, catalogs.region_code) as name_zh,
        coalesce(regions.name_en, regions.name_zh, catalogs.region_code) as name_en
    from catalogs
    left join regions using (region_code)
)

select * from final
order by region_code asc, year desc
