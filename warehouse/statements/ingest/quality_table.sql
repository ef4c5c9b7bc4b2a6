-- The table the data-quality gate's GE suite checks inside DuckDB (expectations/quality.py):
-- the rows of the view `quality_frame` (statements/ingest/quality_frame.sql) without harmless
-- repeats (a cell whose file, region, indicator, period, role and value came before in the batch: the
-- first stays), numbered 0, 1, ... in batch order as __row__, the position GE reports rows by;
-- key_rows counts the rows of the cell's (file, region, indicator, period, role), which
-- no_conflicting_duplicate checks.
create or replace table quality as
with

frame as (
    select * from quality_frame
),

first_of_each as (
    select * from frame
    qualify
        row_number() over (
            partition by file_key, region_code, indicator_code, period, role, value
            order by pos
        ) = 1
),

final as (
    select
        row_number() over (order by pos) - 1 as __row__,
        * exclude (pos),
        count(*) over (
            partition by file_key, region_code, indicator_code, period, role
        ) as key_rows
    from first_of_each
)

select * from final
