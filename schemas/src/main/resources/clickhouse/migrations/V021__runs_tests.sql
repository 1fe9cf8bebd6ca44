-- The per-test outcomes a FINISHED RunEvent lists (RunEvent v2, field tests), kept in the run's own row: one row per
-- RunEvent still, a Nested column whose sub-columns (tests.test_id, tests.outcome, ...) are parallel arrays. A run
-- has at most 1,000 listed tests, so a row stays small; ARRAY JOIN turns them into one row per test for a query.
-- STARTED rows, and rows written before runners sent outcomes, hold empty arrays.
ALTER TABLE parallax.runs
    ADD COLUMN IF NOT EXISTS tests Nested(
        test_id        String,
        display_name   String,
        outcome        LowCardinality(String),
        duration_ms    UInt64,
        inferences     UInt32,
        latency_p50_ms Nullable(Float64),
        latency_p99_ms Nullable(Float64)
    )
