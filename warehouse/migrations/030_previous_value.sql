-- The year before's figure of a target, for catalogs of any year (SPEC §9): core.targets'
-- Hetang-2022-specific value_2021 becomes previous_value; mart.targets still shows value_2021.
alter table core.targets rename column value_2021 to previous_value;
