-- The text cells of every plain long-layout file of the batch, trimmed as str.strip() does;
-- rows without an indicator name are no data (into table t).
create table t as
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
