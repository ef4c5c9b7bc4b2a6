-- The trimmed text cells of the batch's plain long-layout files (table t, filled by
-- statements/normalize/trimmed.sql as the files are read).
create or replace table t (
    file_key bigint,
    row_number bigint,
    region_code varchar,
    name varchar,
    period_text varchar,
    raw varchar,
    unit varchar,
    as_of varchar,
    source varchar
)
