-- Every cell with its indicator mapping and period (view m). A plain number is one whose
-- float() is its own round(…, 10) (at most 6 integer and 8 decimal digits) and which needs no
-- unit conversion: DuckDB casts it; every other figure goes through the readers' own rules.
create or replace view m as
select
    t.*,
    maps.known,
    maps.code,
    maps.to_unit,
    maps.conversion,
    periods.period,
    regexp_full_match(t.raw, '[+-]?[0-9]{1,6}(\.[0-9]{1,8})?')
    and (maps.code is null or maps.conversion = 'same') as plain
from t
inner join periods using (period_text)
inner join maps on t.name = maps.name and t.unit is not distinct from maps.unit
