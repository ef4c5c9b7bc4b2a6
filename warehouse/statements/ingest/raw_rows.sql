-- Every cell of the batch's files into raw.rows, in file and row order ($keys → $ids: file key
-- of the batch → file_id of the ledger).
insert into raw.rows by name
with batch_files as (
    select
        unnest($keys) as file_key,
        unnest($ids) as file_id
)

select
    i.file_id,
    c.row_number,
    c."column" as column_name,
    c.role,
    c.indicator_name,
    c.indicator_code,
    c.name_known,
    c.unit,
    c.region_code,
    c.period,
    c.raw_value,
    c.value,
    c.as_of,
    c.source,
    c.sheet,
    c.department
from ingest_batch.cells as c
inner join batch_files as i using (file_key)
order by c.pos
