-- The alerts (frame `shown_alerts`, in order `pos_`) with the review store (frame
-- `store_reviews`) laid over them as the next nightly run will apply it: an open alert with a
-- review that counts (rules.review_counts) shows as acknowledged, and the latest review that
-- counts is attached to every alert.
with counting as (
    select
        shown_alerts.alert_id,
        max(store_reviews.reviewed_at) as reviewed_at,
        max_by(store_reviews.reviewer, store_reviews.reviewed_at) as reviewer,
        max_by(store_reviews.note, store_reviews.reviewed_at) as review_note
    from shown_alerts
    inner join store_reviews
        on
            shown_alerts.alert_id = store_reviews.alert_id
            and rules.review_counts(shown_alerts.severity_raised_at, store_reviews.reviewed_at)
    group by shown_alerts.alert_id
),

final as (
    select
        shown_alerts.* exclude (pos_, state),  -- noqa: RF02
        case
            when counting.reviewer is not null and shown_alerts.state = 'open'
                then 'acknowledged'
            else shown_alerts.state
        end as state,
        counting.reviewer,
        counting.reviewed_at,
        counting.review_note
    from shown_alerts
    left join counting using (alert_id)
    order by shown_alerts.pos_
)

select * from final
