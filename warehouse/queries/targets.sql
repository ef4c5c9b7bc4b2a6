-- The catalog's targets of one region and year, in catalog order.
select
    row_number() over () as catalog_order,
    *
from mart.targets
where region_code = $region and year = $year
