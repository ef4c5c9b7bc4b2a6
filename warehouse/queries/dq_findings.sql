-- Data-quality findings of every run, newest run first.
select *
from mart.dq_findings
order by run_started_at desc, quarantined desc, file_name asc, row_number asc
