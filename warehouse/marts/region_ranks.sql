-- mart.region_ranks: peer ranking (争先进位, SPEC §7). Every region with a figure for an
-- indicator and period ranks among the regions of the same parent in the register (a city's
-- counties among themselves; a city's own total, whose parent is the province, among the
-- province's cities). Rank 1 is the best: the highest figure, or the lowest where every target
-- that reads the indicator is an "at most" one (unemployment, CPI). Ties share the better rank.
with observations as (
    select * from mart.observations
),

regions as (
    select * from mart.regions
),

directions as (
    select
        indicator_code,
        bool_and(direction = 'max') as lower_is_better
    from mart.targets
    group by all
),

placed as (
    select
        observations.region_code,
        observations.indicator_code,
        observations.period,
        observations.value,
        regions.parent_code,
        coalesce(directions.lower_is_better, false) as lower_is_better
    from observations
    inner join regions using (region_code)
    left join directions using (indicator_code)
),

final as (
    select
        region_code,
        indicator_code,
        period,
        value,
        rank() over peers_in_order as rank,
        count(*) over peers_all as peers,
        parent_code,
        lower_is_better
    from placed
    window
        peers_all as (partition by parent_code, indicator_code, period),
        peers_in_order as (
            partition by parent_code, indicator_code, period
            order by case when lower_is_better then value else -value end
        )
)

select * from final
