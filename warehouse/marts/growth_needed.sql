-- mart.growth_needed: for a growth target whose levels allow it, the growth the rest of the year
-- needs to reach the target (an estimate, 估算; SPEC §7). From the period's year-to-date level
-- L and growth g, last year's same period is L / (1 + g); with last year's annual level A, the
-- rest of the year must bring A × (1 + threshold) − L against last year's A − L / (1 + g).
with targets as (
    select *
    from mart.targets
    where kind = 'rate' and direction = 'min' and level_indicator is not null
),

observations as (
    select * from mart.observations
),

-- Last year's annual level, found per target: joined on the target, not on the figures, so it
-- is never joined to the levels to date first (at national scale that join set every period
-- of a region against every other: some hundred million rows).
annual_levels as (
    select
        targets.region_code,
        targets.year,
        targets.target_code,
        observations.value as level_last_year
    from targets
    inner join observations
        on
            targets.region_code = observations.region_code
            and targets.level_indicator = observations.indicator_code
            and cast(targets.year - 1 as varchar) = observations.period
),

growth as (
    select
        targets.region_code,
        targets.year,
        targets.target_code,
        targets.level_indicator,
        targets.target_value - targets.tolerance as threshold,
        observations.period,
        observations.value as growth
    from targets
    inner join observations
        on
            targets.region_code = observations.region_code
            and targets.indicator_code = observations.indicator_code
            and targets.year = core.period_year(observations.period)
    where core.period_end_month(observations.period) < 12 and length(observations.period) > 4
),

with_levels as (
    select
        growth.*,
        level_now.value as level_to_date,
        annual_levels.level_last_year
    from growth
    inner join observations as level_now
        on
            growth.region_code = level_now.region_code
            and growth.level_indicator = level_now.indicator_code
            and growth.period = level_now.period
    inner join annual_levels
        on
            growth.region_code = annual_levels.region_code
            and growth.year = annual_levels.year
            and growth.target_code = annual_levels.target_code
),

final as (
    select
        region_code,
        year,
        target_code,
        period,
        round(
            (
                (level_last_year * (1 + threshold / 100) - level_to_date)
                / (level_last_year - level_to_date / (1 + growth / 100))
                - 1
            ) * 100,
            1
        ) as growth_needed
    from with_levels
    where level_last_year - level_to_date / (1 + growth / 100) > 0
)

select * from final
