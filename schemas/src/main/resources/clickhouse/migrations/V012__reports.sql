-- One row per generated drift report (SPEC section 9), kept for listing and download in the UI.
CREATE TABLE IF NOT EXISTS parallax.reports
(
    report_id    String,
    kind         LowCardinality(String),
    period_start DateTime64(3, 'UTC'),
    period_end   DateTime64(3, 'UTC'),
    created_at   DateTime64(3, 'UTC'),
    title        String,
    html         String
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY report_id
