-- One row of the audit log.
insert into audit (at, who, action, alert_id, detail)
values ($at, $who, $action, $alert_id, $detail)
