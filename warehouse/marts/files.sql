-- mart.files: every file seen in the inbox, with its state and, if quarantined, why.
with files as (
    select * from raw.files
),

final as (
    select
        file_name,
        sha256,
        loaded_at,
        state,
        reason,
        reason_zh,
        size_bytes,
        layout,
        encoding,
        region_code,
        period,
        run_id,
        quarantine_path,
        file_id
    from files
)

select * from final
