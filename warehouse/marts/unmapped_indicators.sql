-- mart.unmapped_indicators: indicator names of loaded files that match nothing in the catalog.
with raw_rows as (
    select * from raw.rows
),

files as (
    select * from raw.files
),

final as (
    select
        raw_rows.indicator_name,
        files.file_name,
        min(raw_rows.row_number) as first_row,
        count(*) as cells,
        files.loaded_at
    from raw_rows
    inner join files using (file_id)
    where not raw_rows.name_known
    group by all
)

select * from final
