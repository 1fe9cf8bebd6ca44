-- One row per thermal-throttle episode (SPEC section 4). An open episode is written as it grows
-- (is_open = 1, end_time NULL, duration so far) and replaced by its closed form; the higher version wins.
-- episode_id is deterministic from device and start, so start_time (and the partition) never changes.
CREATE TABLE IF NOT EXISTS parallax.throttle_episodes
(
    episode_id        String,
    device_id         LowCardinality(String),
    device_class      LowCardinality(String),
    start_time        DateTime64(3, 'UTC'),
    end_time          Nullable(DateTime64(3, 'UTC')),
    duration_ms       UInt64,
    peak_temp_c       Nullable(Float64),
    mean_temp_c       Nullable(Float64),
    samples           UInt64,
    inferences        UInt64,
    tests_affected    UInt32,
    latency_inflation Nullable(Float64),
    is_open           UInt8,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(start_time)
ORDER BY (device_id, episode_id)
