-- The views of the mart schema (a snapshot without them was not built by `hetang run`).
select table_name
from information_schema.tables
where table_schema = 'mart'
