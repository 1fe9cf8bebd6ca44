-- A run's FINISHED is one fact that each of its test JVMs ending last restates with the totals so far (forks that run
-- one after the other; docs/sdk.md): one event id and time, and attributes['test_jvms'] counting the JVMs it adds up,
-- which grows with each statement. `runs` keeps the last row inserted of a key, and statements replayed from
-- different spools can arrive out of order, so the table is rebuilt with that count as its version: the fullest
-- statement wins whatever the order. V022-V026 rebuild it: create, copy, exchange, catch up what the sink wrote during
-- the copy, drop. Each step is safe to run again except the exchange, which is the one statement of its migration.
CREATE TABLE IF NOT EXISTS parallax.runs__versioned
(
    event_id    UUID,
    event_time  DateTime64(3, 'UTC'),
    run_id      String,
    phase       LowCardinality(String),
    trigger     LowCardinality(String),
    git_sha     Nullable(String),
    attributes  Map(String, String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    tests Nested(
        test_id        String,
        display_name   String,
        outcome        LowCardinality(String),
        duration_ms    UInt64,
        inferences     UInt32,
        latency_p50_ms Nullable(Float64),
        latency_p99_ms Nullable(Float64)
    ),
    version     UInt32 MATERIALIZED toUInt32OrZero(attributes['test_jvms'])
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_time)
ORDER BY (run_id, event_time, event_id)
