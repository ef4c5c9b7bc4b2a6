-- Period arithmetic of SPEC §1, shared by every mart: '2022-03', '2022-Q2', '2022'.
create or replace macro core.period_year(p) as cast(substr(p, 1, 4) as integer);

create or replace macro core.period_end_month(p) as
    case
        when length(p) = 4 then 12
        when substr(p, 6, 1) = 'Q' then 3 * cast(substr(p, 7, 1) as integer)
        else cast(substr(p, 6, 2) as integer)
    end;

-- Month m -> m/12, quarter q -> q/4, year -> 1.
create or replace macro core.period_elapsed(p) as core.period_end_month(p) / 12.0;

-- Orders periods of one year: by end month, then month < quarter < year.
create or replace macro core.period_sort_key(p) as
    core.period_year(p) * 1000
    + core.period_end_month(p) * 10
    + case when length(p) = 4 then 2 when substr(p, 6, 1) = 'Q' then 1 else 0 end;

-- The wording offices use for a period: 1-3月, 3月 (Jan-Feb: 1-2月), 一季度 …, 全年.
create or replace macro core.period_label(p) as
    case
        when length(p) = 4 then '全年'
        when substr(p, 6, 1) = 'Q' then
            ['一季度', '上半年', '前三季度', '全年'][cast(substr(p, 7, 1) as integer)]
        when cast(substr(p, 6, 2) as integer) = 1 then '1月'
        else '1-' || cast(cast(substr(p, 6, 2) as integer) as varchar) || '月'
    end;
