-- One row per model x candidate precision x device_class x window of candidate event time (SPEC section 5).
-- Metrics are NULL for a window that has only unmatched candidates.
CREATE TABLE IF NOT EXISTS parallax.divergence_windows
(
    window_start        DateTime64(3, 'UTC'),
    window_end          DateTime64(3, 'UTC'),
    model_name          LowCardinality(String),
    candidate_precision LowCardinality(String),
    device_class        LowCardinality(String),
    pairs               UInt64,
    flip_rate           Nullable(Float64),
    kl_mean             Nullable(Float64),
    kl_p95              Nullable(Float64),
    cosine_min          Nullable(Float64),
    cosine_mean         Nullable(Float64),
    sqnr_mean_db        Nullable(Float64),
    max_abs_err_p99     Nullable(Float64),
    unmatched           UInt64,
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (model_name, candidate_precision, device_class, window_start)
