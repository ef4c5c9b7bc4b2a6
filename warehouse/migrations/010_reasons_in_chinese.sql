-- Quarantine reasons and findings in Chinese beside the English (SPEC §4.5): the dashboard shows
-- the one of its language.
alter table raw.files add column reason_zh varchar;

alter table core.dq_findings add column message_zh varchar;
