-- Each run's figures in a series (issue 16's run metrics, which the CI gate and the runs pages judge): what
-- RunSeriesReader computes from the run's deduplicated events, kept once nothing of the run has been stored for a
-- while. `through` is a time before that computation read anything; `episodes` sums a hash of each throttle episode
-- (id and version) of the run's devices during the run, as it stood then. The figures hold while run_arrivals (V030)
-- shows none of the run's events stored after `through` and the run's episodes still sum to `episodes`; readers
-- compute the other runs' figures from the events. The run's start is not here: a STARTED run event may come later,
-- and readers join `runs` for it. Divergence pairs are read as they stand (their table is far smaller).
CREATE TABLE IF NOT EXISTS parallax.run_figures
(
    test_id         String,
    model_name      LowCardinality(String),
    precision       LowCardinality(String),
    tier            LowCardinality(String),
    device_class    LowCardinality(String),
    run_id          String,
    first_event     DateTime64(3, 'UTC'),
    inferences      UInt64,
    p50_ms          Nullable(Float64),
    p99_ms          Nullable(Float64),
    energy_j        Nullable(Float64),
    throttled_share Nullable(Float64),
    episodes        Int64,
    through         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(through)
ORDER BY (test_id, model_name, precision, tier, device_class, run_id)
