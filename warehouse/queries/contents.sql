-- How many runs and current observations the snapshot holds.
select
    (select count(*) from mart.runs) as runs,
    (select count(*) from mart.observations) as observations
