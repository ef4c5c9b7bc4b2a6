-- The cells of the batch's plain long-layout files (flows.readers.normalize.CELL_SCHEMA) into
-- the batch's cells, numbered by file and row (flows.batch), except those of the files in
-- $unread (a period no rule reads).
insert into cells by name
select
    m.file_key,
    m.row_number,
    files.value_column as "column",
    'value' as role,
    m.name as indicator_name,
    m.code as indicator_code,
    case
        when not m.plain then f.unit
        when m.code is null then m.unit
        else m.to_unit
    end as unit,
    m.region_code,
    'region_code' as region_column,
    m.period,
    'period' as period_column,
    m.raw as raw_value,
    case when m.plain then cast(m.raw as double) else f.value end as value,
    m.as_of,
    m.source,
    f.problem,
    case
        when f.problem_rule = 'parseable' then files.value_column else f.problem_column
    end as problem_column,
    f.problem_rule,
    cast(null as double) as catalog_target,
    m.known as name_known,
    cast(null as varchar) as sheet,
    cast(null as varchar) as department,
    cast(null as varchar) as catalog_department,
    (m.file_key << $file_shift) + m.row_number as pos  -- noqa: RF02
from m
inner join files using (file_key)
left join figures as f
    on
        not m.plain
        and m.raw = f.raw
        and m.name = f.name
        and m.unit is not distinct from f.raw_unit
where not list_contains($unread, m.file_key)
