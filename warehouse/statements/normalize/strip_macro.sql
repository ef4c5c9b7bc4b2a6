-- str.strip() in SQL for the columnar path. The class [\x{9}-\x{d}\x{1c}-\x{1f}\x{85}\pZ] is
-- exactly the characters for which Python's str.isspace() is true (\pZ: Unicode separators;
-- tests/unit/readers/test_columnar.py checks it). Only a cell that starts or ends with one is
-- rewritten: the RE2 test is fast, rewriting every cell is not.
create or replace temp macro space_class() as '[\x{9}-\x{d}\x{1c}-\x{1f}\x{85}\pZ]';

create or replace temp macro strip_text(s) as
case
    when regexp_matches(s, '^' || space_class() || '|' || space_class() || '$')
        then regexp_replace(s, '^' || space_class() || '+|' || space_class() || '+$', '', 'g')
    else s
end;
