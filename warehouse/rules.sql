-- The judging rules of SPEC §3 and §5 that more than one place needs, defined once here and
-- read by the marts, the alert lifecycle, notifications, the GE target suite and the dashboard
-- (Python evaluates them through warehouse/rules.py). Rebuilt at every run with the marts.
create schema if not exists rules;

-- The warning band when the catalog gives none: 1.0 point for rates, 0.5 for relative targets,
-- 10 % of the expected value for cumulative ones (a fraction; see target_measures.sql), none (0)
-- for milestones. External targets take theirs from the assigned value (external_band).
create or replace macro rules.default_band(kind) as
cast(case kind
    when 'rate' then 1.0 when 'relative' then 0.5 when 'cumulative' then 0.1
    when 'milestone' then 0.0
end as double);

-- External targets: band 1.0 when the unit is %, else 10 % of the assigned value.
create or replace macro rules.external_band(unit, assigned) as
cast(case when unit = '%' then 1.0 else 0.1 * assigned end as double);

-- "Strictly above" on values rounded to 4 decimals: at least one unit of the 4th decimal more.
create or replace macro rules.strict_epsilon() as cast(0.0001 as double);

-- The severity of an alert for a status (none for on_track and no_data).
create or replace macro rules.severity(status) as
case status when 'at_risk' then 'warning' when 'shortfall' then 'critical' end;

-- Severities in order: a higher rank is more severe (0 for none).
create or replace macro rules.severity_rank(severity) as
case severity when 'warning' then 1 when 'critical' then 2 else 0 end;

-- A review acknowledges an alert's current severity when it was made at or after the severity
-- last rose; an open alert with such a review is acknowledged until its severity rises again.
create or replace macro rules.review_counts(severity_raised_at, reviewed_at) as
reviewed_at >= severity_raised_at;
