-- The table the data-quality gate's GE suite checks inside DuckDB (expectations/quality.py):
-- the rows of the view `quality_frame` (statements/ingest/quality_frame.sql) without harmless
-- repeats (a cell whose file, region, indicator, period, role and value came before in the
-- batch: the first stays), with the cell's batch position as __row__, the position GE
-- reports rows by, and only the columns GE checks (a failing row's other columns are read
-- from the view by that position); key_rows counts the remaining rows of the cell's (file,
-- region, indicator, period, role), which no_conflicting_duplicate checks; unknown_region is
-- the region code when the frame `known_regions` lacks it (known_region checks it is null).
-- Hash aggregates and joins only, no sorts or windows: at national scale those cost more than
-- the checks. NULLs group and join as equal.
create or replace table quality as
with

frame as (
    select * from quality_frame
),

firsts as (
    select
        file_key,
        region_code,
        indicator_code,
        period,
        role,
        min(pos) as pos
    from frame
    group by file_key, region_code, indicator_code, period, role, value
),

key_counts as (
    select
        file_key,
        region_code,
        indicator_code,
        period,
        role,
        count(*) as key_rows
    from firsts
    group by file_key, region_code, indicator_code, period, role
),

kept as (
    select
        firsts.pos,
        key_counts.key_rows
    from firsts
    inner join key_counts
        on
            firsts.file_key = key_counts.file_key
            and firsts.region_code is not distinct from key_counts.region_code
            and firsts.indicator_code is not distinct from key_counts.indicator_code
            and firsts.period is not distinct from key_counts.period
            and firsts.role is not distinct from key_counts.role
),

final as (
    select
        frame.pos as __row__,
        frame.problem,
        frame.period_end,
        frame.value,
        frame.range_min,
        frame.range_max,
        frame.stated_target,
        frame.catalog_target,
        frame.department,
        frame.catalog_department,
        kept.key_rows,
        case
            when known_regions.region_code is null then frame.region_code
        end as unknown_region
    from frame
    inner join kept on frame.pos = kept.pos
    left join known_regions on frame.region_code = known_regions.region_code
)

select * from final
