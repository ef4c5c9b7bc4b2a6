-- The reasons of the files this run quarantined, in ledger order.
select reason
from raw.files
where run_id = $run_id and state = 'quarantined'
order by file_id
