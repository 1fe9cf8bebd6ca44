-- "Expected change" marks on change points (issue 16): one event row per mark, never rewritten, like an alert's
-- acknowledgement, so who expected which change and when stays auditable. A change point with a mark no longer
-- fails the CI gate. The key columns name the change point as in change_points.
CREATE TABLE IF NOT EXISTS parallax.change_point_expectations
(
    test_id      String,
    model_name   LowCardinality(String),
    precision    LowCardinality(String),
    tier         LowCardinality(String),
    device_class LowCardinality(String),
    metric       LowCardinality(String),
    run_id       String,
    expected_by  String,
    expected_at  DateTime64(3, 'UTC'),
    note         String
)
ENGINE = MergeTree
ORDER BY (test_id, model_name, precision, tier, device_class, metric, run_id, expected_at)
