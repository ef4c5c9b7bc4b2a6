-- mart.dq_findings: data-quality findings of every run, quarantining or not.
with findings as (
    select * from core.dq_findings
),

runs as (
    select
        run_id,
        started_at
    from core.runs
),

final as (
    select
        findings.run_id,
        runs.started_at as run_started_at,
        findings.file_name,
        findings.sheet,
        findings.row_number,
        findings.column_name,
        findings.rule,
        findings.message,
        findings.message_zh,
        findings.quarantined
    from findings
    left join runs using (run_id)
)

select * from final
