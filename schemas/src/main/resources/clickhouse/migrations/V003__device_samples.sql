-- One row per DeviceSample: periodic telemetry between inferences, read by the throttle-episode job.
CREATE TABLE IF NOT EXISTS parallax.device_samples
(
    event_id       UUID,
    event_time     DateTime64(3, 'UTC'),
    device_id      LowCardinality(String),
    device_class   LowCardinality(String),
    tier           LowCardinality(String),
    temperature_c  Nullable(Float64),
    power_w        Nullable(Float64),
    throttle_flags Nullable(UInt32),
    cpu_freq_mhz   Nullable(Float64),
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (device_id, event_time, event_id)
