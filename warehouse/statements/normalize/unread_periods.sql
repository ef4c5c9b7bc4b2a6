-- Files with a period no rule reads: they take the row-by-row reader, which names row and column.
select distinct t.file_key
from t
left join periods using (period_text)
where periods.period is null
