-- Every file seen, quarantined first, newest first.
select *
from mart.files
order by state = 'quarantined' desc, loaded_at desc, file_name asc
