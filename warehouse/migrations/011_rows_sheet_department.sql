-- Where a raw row or a finding sits in a workbook (its sheet, or a Word table "表1") and, for a
-- progress table row, its responsible department (责任单位, SPEC §4.9).
alter table raw.rows add column sheet varchar;

alter table raw.rows add column department varchar;

alter table core.dq_findings add column sheet varchar;
