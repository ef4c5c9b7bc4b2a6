-- The text cells of plain long-layout files (the frame raw_parts), trimmed as str.strip()
-- does, into table t; rows without an indicator name are no data.
insert into t
select
    file_key,
    row_number,
    nullif(strip_text(region_code), '') as region_code,
    strip_text(indicator) as name,
    strip_text(period) as period_text,
    strip_text(value) as raw,
    nullif(strip_text(unit), '') as unit,
    nullif(strip_text(as_of), '') as as_of,
    nullif(strip_text(source), '') as source
from raw_parts
where name <> ''
