-- How many targets have each status at their latest period.
select
    status,
    count(*) as targets
from mart.target_status
group by all
order by all
