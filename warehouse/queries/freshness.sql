-- The latest period of every indicator of $region, and the targets that read it.
with latest as (
    select
        indicator_code,
        max_by(period, core.period_sort_key(period)) as period,
        max(loaded_at) as loaded_at,
        max_by(source_file, loaded_at) as source_file
    from mart.observations
    where region_code = $region
    group by all
),

region_targets as (
    -- a target of several years' catalogs is named once
    select distinct
        indicator_code,
        target_code,
        name_zh,
        name_en
    from mart.targets
    where region_code = $region
),

users as (
    select
        indicator_code,
        string_agg(name_zh, '、' order by target_code) as name_zh,
        string_agg(name_en, '; ' order by target_code) as name_en
    from region_targets
    group by all
),

final as (
    select
        latest.*,
        core.period_label(latest.period) as period_label,
        users.name_zh,
        users.name_en
    from latest
    left join users using (indicator_code)
    order by core.period_sort_key(latest.period) desc, latest.indicator_code
)

select * from final
