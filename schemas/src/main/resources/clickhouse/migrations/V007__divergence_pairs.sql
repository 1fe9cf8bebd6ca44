-- One row per candidate matched with its reference (SPEC section 5). When a newer reference arrives for the
-- same (model_name, input_id) the pair is recomputed under the same key with a higher version.
-- kl is NULL unless the outputs are logits; sqnr_db is +inf when the outputs are identical.
CREATE TABLE IF NOT EXISTS parallax.divergence_pairs
(
    model_name           LowCardinality(String),
    input_id             String,
    candidate_event_id   UUID,
    candidate_event_time DateTime64(3, 'UTC'),
    reference_event_id   UUID,
    reference_precision  LowCardinality(String),
    candidate_precision  LowCardinality(String),
    device_class         LowCardinality(String),
    test_id              String,
    run_id               String,
    top1_agree           UInt8,
    top5_overlap         Float64,
    cosine               Float64,
    max_abs_err          Float64,
    mean_abs_err         Float64,
    sqnr_db              Float64,
    kl                   Nullable(Float64),
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(candidate_event_time)
ORDER BY (model_name, input_id, candidate_event_id)
