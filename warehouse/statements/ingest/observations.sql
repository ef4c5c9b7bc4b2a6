-- The loaded files' mapped values into core.observations; a key loaded before gets the next
-- vintage. One statement for the whole batch: a key that several files of the batch carry
-- gets consecutive vintages in file order, exactly as loading one file after another would.
insert into core.observations
with batch_files as (
    select
        unnest($keys) as file_key,
        unnest($ids) as file_id,
        unnest($names) as source_file
),

mapped as (
    select
        c.*,
        i.file_id,
        i.source_file
    from ingest_batch.cells as c
    inner join batch_files as i using (file_key)
    where c.indicator_code <> '' and c.value is not null and c.role <> 'annual_target'
),

numbered as (
    select
        *,
        -- a key repeated within one file (with the same value: conflicts were quarantined)
        -- loads once, from its first cell
        lag(file_key) over by_file as previous_file,
        -- the files of the batch that carry a key, in file order: 1, 2, ...
        dense_rank() over (
            partition by region_code, indicator_code, period order by file_key
        ) as batch_vintage
    from mapped
    window by_file as (
        partition by region_code, indicator_code, period order by file_key, pos
    )
),

loaded_before as (
    select
        region_code,
        indicator_code,
        period,
        max(vintage) as vintage
    from core.observations
    group by all
),

final as (
    select
        numbered.region_code,
        numbered.indicator_code,
        numbered.period,
        numbered.value,
        numbered.unit,
        numbered.as_of,
        coalesce(loaded_before.vintage, 0) + numbered.batch_vintage as vintage,
        numbered.file_id,
        numbered.source_file,
        numbered.row_number,
        $loaded_at as loaded_at
    from numbered
    left join loaded_before using (region_code, indicator_code, period)
    where numbered.previous_file is distinct from numbered.file_key
    order by numbered.pos
)

select * from final
