-- The cells the data-quality gate looks at: mapped to an indicator and carrying a value or a
-- problem, with the period's last day and the indicator's plausible range; a stated annual
-- target is compared with the catalog's, never loaded as a value. Reads the frames `cells`,
-- `period_ends` and `ranges` that flows/ingest.py registers; `pos` is the cell's batch order
-- (in no particular row order: a sort of every cell costs more than the gate's checks).
select
    cells.* exclude (region_code, value, catalog_target),  -- noqa: RF02
    coalesce(cells.region_code, '') as region_code,
    coalesce(period_ends.period_end, 0) as period_end,
    case when cells.role = 'annual_target' then null else cells.value end as value,
    case when cells.role = 'annual_target' then cells.value end as stated_target,
    case when cells.role = 'annual_target' then cells.catalog_target end as catalog_target,
    ranges.range_min,
    ranges.range_max
from cells
left join period_ends using (period)
left join ranges using (indicator_code)
where
    (cells.indicator_code is not null or cells.problem is not null)
    and (cells.value is not null or cells.problem is not null)
