-- Base schemas and tables: raw (files as dropped), core (typed, every vintage), mart (views).
create schema if not exists raw;
create schema if not exists core;
create schema if not exists mart;

-- One row per file seen in the inbox, whatever happened to it.
create table raw.files (
    file_id integer primary key,
    file_name varchar not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    modified_at timestamp,
    loaded_at timestamp not null,
    state varchar not null check (state in ('loaded', 'quarantined', 'duplicate')),
    reason varchar,
    layout varchar,
    encoding varchar,
    title varchar,
    region_code varchar,
    period varchar,
    run_id varchar,
    quarantine_path varchar
);

-- Every value cell of every loaded or quarantined file, as read, with its mapping.
create table raw.rows (
    file_id integer not null,
    row_number integer not null,
    column_name varchar,
    role varchar,
    indicator_name varchar,
    indicator_code varchar,
    name_known boolean not null,
    unit varchar,
    region_code varchar,
    period varchar,
    raw_value varchar,
    value double,
    as_of varchar,
    source varchar
);

-- Observations in the catalog's units; a re-stated period gets the next vintage.
create table core.observations (
    region_code varchar not null,
    indicator_code varchar not null,
    period varchar not null,
    value double not null,
    unit varchar,
    as_of varchar,
    vintage integer not null,
    file_id integer not null,
    source_file varchar not null,
    row_number integer not null,
    loaded_at timestamp not null
);

create table core.regions (
    region_code varchar primary key,
    name_zh varchar not null,
    name_en varchar not null
);

create table core.indicators (
    indicator_code varchar primary key,
    name_zh varchar not null,
    name_en varchar not null,
    unit varchar,
    range_min double,
    range_max double
);

create table core.targets (
    region_code varchar not null,
    year integer not null,
    target_code varchar not null,
    indicator_code varchar not null,
    compare_with varchar,
    name_zh varchar not null,
    name_en varchar not null,
    wording varchar,
    section varchar not null,
    kind varchar not null,
    direction varchar not null,
    target_value double,
    tolerance double not null,
    band double,
    strict boolean not null,
    unit varchar,
    frequency varchar,
    due_period varchar,
    value_2021 double,
    source_quote varchar,
    primary key (region_code, year, target_code)
);

-- Findings of the data-quality gate that do not quarantine a file (e.g. a stated annual target
-- that differs from the catalog) and those that do.
create table core.dq_findings (
    run_id varchar not null,
    file_id integer,
    file_name varchar,
    row_number integer,
    column_name varchar,
    rule varchar not null,
    message varchar not null,
    quarantined boolean not null
);

create table core.runs (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    state varchar not null,
    as_of date,
    inbox varchar,
    files_loaded integer,
    files_quarantined integer,
    files_duplicate integer,
    alerts_opened integer,
    alerts_escalated integer,
    alerts_resolved integer,
    duration_s double,
    message varchar
);

-- What GE said, per run and expectation.
create table core.validation_results (
    run_id varchar not null,
    suite varchar not null,
    expectation varchar not null,
    column_list varchar,
    severity varchar,
    success boolean not null,
    element_count bigint,
    unexpected_count bigint,
    unexpected_rows json,
    validated_at timestamp not null
);

-- The status GE found for every validated (region, target, period) in the latest validation.
create table core.target_checks (
    region_code varchar not null,
    year integer not null,
    target_code varchar not null,
    period varchar not null,
    status varchar not null check (status in ('on_track', 'at_risk', 'shortfall'))
);

create table core.alerts (
    alert_id varchar primary key,
    region_code varchar not null,
    year integer not null,
    target_code varchar not null,
    period varchar not null,
    severity varchar not null,
    state varchar not null check (state in ('open', 'acknowledged', 'resolved')),
    opened_at timestamp not null,
    updated_at timestamp not null,
    severity_raised_at timestamp not null,
    resolved_at timestamp,
    actual double,
    target_value double,
    message varchar not null,
    notified_severity varchar
);

create table core.alert_history (
    alert_id varchar not null,
    changed_at timestamp not null,
    event varchar not null,
    severity varchar,
    state varchar,
    period varchar,
    actual double,
    message varchar,
    run_id varchar
);

-- Reviews (acknowledgements) mirrored from the dashboard's own store at the start of each run.
create table core.reviews (
    alert_id varchar not null,
    reviewed_at timestamp not null,
    reviewer varchar not null,
    note varchar
);
