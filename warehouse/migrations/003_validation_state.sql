-- What the latest target validation read, so a night whose inputs are unchanged can keep its
-- statuses instead of validating again (flows/nightly.py). One row: the latest validation.
create table core.validation_state (
    fingerprint varchar not null,
    run_id varchar not null,
    validated_at timestamp not null,
    status_counts json not null
);
