-- mart.observations: the current vintage (the one loaded last) of every observation.
with observations as (
    select * from core.observations
),

final as (
    select
        region_code,
        indicator_code,
        period,
        value,
        unit,
        as_of,
        source_file,
        vintage,
        row_number as source_row,
        loaded_at
    from observations
    qualify row_number() over (
        partition by region_code, indicator_code, period order by vintage desc
    ) = 1
)

select * from final
