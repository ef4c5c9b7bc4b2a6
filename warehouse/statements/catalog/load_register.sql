-- The register file (flows passes its path as $path) into core.regions, replacing what was there.
insert into core.regions (region_code, name_zh, level, parent_code)
select
    region_code,
    name_zh,
    level,
    nullif(parent_code, '') as parent_code
from read_csv($path, header = true, all_varchar = true)
