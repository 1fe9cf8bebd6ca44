-- The current edge/cloud placement recommendation of each test (SPEC section 7); a recomputation replaces it.
-- evidence holds the numbers and the window the recommendation rests on.
CREATE TABLE IF NOT EXISTS parallax.recommendations
(
    test_id                String,
    current_tier           LowCardinality(String),
    recommended_tier       LowCardinality(String),
    reason                 String,
    evidence               String,
    confidence             Float64,
    monthly_cost_delta_usd Nullable(Float64),
    computed_at            DateTime64(3, 'UTC'),
    version                UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY test_id
