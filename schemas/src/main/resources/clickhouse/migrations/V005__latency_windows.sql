-- One row per key x 1-minute event-time window (SPEC section 3). The stream job emits a window again when late
-- events within grace change it; the higher version wins. Latency statistics are NULL when the window holds
-- only failed inferences. sketch is the serialized mergeable sketch: any range is the merge of its windows.
CREATE TABLE IF NOT EXISTS parallax.latency_windows
(
    window_start  DateTime64(3, 'UTC'),
    window_end    DateTime64(3, 'UTC'),
    test_id       String,
    model_name    LowCardinality(String),
    model_version LowCardinality(String),
    precision     LowCardinality(String),
    tier          LowCardinality(String),
    device_class  LowCardinality(String),
    count         UInt64,
    errors        UInt64,
    mean_ms       Nullable(Float64),
    p50_ms        Nullable(Float64),
    p90_ms        Nullable(Float64),
    p95_ms        Nullable(Float64),
    p99_ms        Nullable(Float64),
    p999_ms       Nullable(Float64),
    max_ms        Nullable(Float64),
    sketch        String,
    late_events   UInt64,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (test_id, model_name, model_version, precision, tier, device_class, window_start)
