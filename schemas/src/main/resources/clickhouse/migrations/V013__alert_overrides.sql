-- Per-test overrides of the default alert rules (SPEC section 6), edited by operators in the UI: a latency budget,
-- an edge/cloud p99 ratio and muted rules. NULL keeps the default. A save writes the row again with a higher
-- version; clearing an override writes NULLs and no muted rules.
CREATE TABLE IF NOT EXISTS parallax.alert_overrides
(
    test_id           String,
    latency_budget_ms Nullable(Float64),
    edge_cloud_ratio  Nullable(Float64),
    muted_rules       Array(String),
    updated_by        String,
    updated_at        DateTime64(3, 'UTC'),
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY test_id
