-- The peer ranking (争先进位) of $indicator at $period around $region: every region ranked with
-- it in mart.region_ranks (same parent in the register), with its names, best rank first; the
-- district itself is flagged. Empty when $region has no figure for that indicator and period.
with ranks as (
    select * from mart.region_ranks
    where indicator_code = $indicator and period = $period
),

own as (
    select parent_code from ranks
    where region_code = $region
),

regions as (
    select * from mart.regions
),

final as (
    select
        ranks.region_code,
        regions.name_zh,
        coalesce(regions.name_en, regions.name_zh) as name_en,
        ranks.indicator_code,
        ranks.period,
        ranks.value,
        ranks.rank,
        ranks.peers,
        ranks.parent_code,
        parents.name_zh as parent_name_zh,
        parents.level as parent_level,
        ranks.region_code = $region as is_region
    from ranks
    inner join own using (parent_code)
    left join regions using (region_code)
    left join regions as parents on ranks.parent_code = parents.region_code
    order by ranks.rank, ranks.region_code
)

select * from final
