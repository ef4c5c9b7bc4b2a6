-- What the run judges gets a layer of its own above mart (raw → core → mart → judged): the GE
-- statuses and results, the validation state, and the alerts with their history move out of
-- core with their rows and columns. Nothing judged is written back into core again.
create schema if not exists judged;

create table judged.target_checks as from core.target_checks;
create table judged.validation_results as from core.validation_results;
create table judged.validation_state as from core.validation_state;
create table judged.alerts as from core.alerts;
alter table judged.alerts add primary key (alert_id);
create table judged.alert_history as from core.alert_history;

drop table core.target_checks;
drop table core.validation_results;
drop table core.validation_state;
drop table core.alerts;
drop table core.alert_history;
