-- Each target's responsible department (责任单位) and leader in charge (分管领导), SPEC §7.
alter table core.targets add column department varchar;
alter table core.targets add column leader varchar;
