-- One row per change point found in a series of runs (issue 16): the series is one metric of one
-- (test_id, model_name, precision, tier, device_class) over its runs in order of their start, and run_id is the
-- first run after the change. The detector re-analyses a series as runs arrive and writes its change points again
-- with a higher version (SPEC section 3a); one it no longer finds is written with retracted = 1. Read with FINAL.
-- relative_change = mean_after / mean_before - 1; magnitude is the larger of the relative changes forwards and
-- backwards (what the magnitude floor is compared with); regression = 1 when the metric got worse across it.
CREATE TABLE IF NOT EXISTS parallax.change_points
(
    test_id         String,
    model_name      LowCardinality(String),
    precision       LowCardinality(String),
    tier            LowCardinality(String),
    device_class    LowCardinality(String),
    metric          LowCardinality(String),
    run_id          String,
    run_start       DateTime64(3, 'UTC'),
    series_index    UInt32,
    runs_before     UInt32,
    runs_after      UInt32,
    mean_before     Float64,
    mean_after      Float64,
    relative_change Float64,
    magnitude       Float64,
    p_value         Float64,
    regression      UInt8,
    retracted       UInt8,
    detected_at     DateTime64(3, 'UTC'),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (test_id, model_name, precision, tier, device_class, metric, run_id)
