-- One row per RunEvent: a run's STARTED and FINISHED are two rows of the same run_id.
CREATE TABLE IF NOT EXISTS parallax.runs
(
    event_id    UUID,
    event_time  DateTime64(3, 'UTC'),
    run_id      String,
    phase       LowCardinality(String),
    trigger     LowCardinality(String),
    git_sha     Nullable(String),
    attributes  Map(String, String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (run_id, event_time, event_id)
