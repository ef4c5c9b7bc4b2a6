-- `.tables` of `hetang sql`: the views of the mart schema.
select view_name as view
from duckdb_views()
where schema_name = 'mart'
order by view_name
