-- One row per InferenceEvent (SPEC section 2). The sort key is deterministic from the event, so a replayed event
-- lands on the same key and ReplacingMergeTree keeps one copy. Enums are LowCardinality(String), not Enum8:
-- a new symbol in a later schema version then needs no ALTER. An event without outputs has an empty array.
CREATE TABLE IF NOT EXISTS parallax.inference_events
(
    event_id       UUID,
    event_time     DateTime64(3, 'UTC'),
    run_id         String,
    test_id        String,
    suite          LowCardinality(Nullable(String)),
    model_name     LowCardinality(String),
    model_version  LowCardinality(String),
    precision      LowCardinality(String),
    tier           LowCardinality(String),
    device_id      LowCardinality(String),
    device_class   LowCardinality(String),
    runtime        LowCardinality(String),
    input_id       Nullable(String),
    latency_ms     Nullable(Float64),
    status         LowCardinality(String),
    error_message  Nullable(String),
    outputs        Array(Float32),
    output_kind    LowCardinality(Nullable(String)),
    power_w        Nullable(Float64),
    idle_power_w   Nullable(Float64),
    temperature_c  Nullable(Float64),
    throttle_flags Nullable(UInt32),
    batch_size     Nullable(UInt32),
    tokens_out     Nullable(UInt32),
    ttft_ms        Nullable(Float64),
    mem_peak_mb    Nullable(Float64),
    cpu_freq_mhz   Nullable(Float64),
    attributes     Map(String, String),
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (test_id, model_name, event_time, event_id)
