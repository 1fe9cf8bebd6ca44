-- One row per alert holding its current state, projected from the alert events on parallax.alerts.v1
-- (SPEC section 6): raised -> acknowledged -> resolved. Each transition is written with a higher version.
CREATE TABLE IF NOT EXISTS parallax.alerts
(
    alert_id        String,
    rule            LowCardinality(String),
    alert_key       String,
    state           LowCardinality(String),
    severity        LowCardinality(String),
    message         String,
    evidence        String,
    raised_at       DateTime64(3, 'UTC'),
    acknowledged_at Nullable(DateTime64(3, 'UTC')),
    acknowledged_by Nullable(String),
    resolved_at     Nullable(DateTime64(3, 'UTC')),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alert_id
