-- mart.observations: the current vintage (the one loaded last) of every observation.
with vintages as (
    select * from mart.observation_vintages
),

final as (
    select * exclude (is_current)
    from vintages
    where is_current
)

select * from final
