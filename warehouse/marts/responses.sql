-- mart.responses: every answer a department gave to an alert (情况说明, 整改措施), oldest first.
with responses as (
    select * from core.responses
),

final as (
    select
        alert_id,
        department,
        explanation,
        measures,
        responded_by,
        responded_at
    from responses
)

select * from final
