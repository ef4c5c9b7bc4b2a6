-- mart.observation_vintages: every vintage of every observation, newest first, flagged current.
with observations as (
    select * from core.observations
),

final as (
    select
        region_code,
        indicator_code,
        period,
        vintage,
        value,
        unit,
        as_of,
        source_file,
        row_number as source_row,
        loaded_at,
        vintage = max(vintage) over (
            partition by region_code, indicator_code, period
        ) as is_current
    from observations
)

select * from final
