-- When each run's events were last stored, per series (test_id, model_name, precision, tier, device_class), with
-- when and on which devices they happened: a run's stored figures (run_figures, V033) hold only while none of its
-- events was stored after them. Kept by the materialized view run_arrivals_mv (V031), which stamps every insert with
-- the server's time, late or resent; V032 fills it with the events stored before. A resent copy stamps its run again,
-- so the run's figures are computed once more, and come out the same. Read with GROUP BY (rows of a key merge in the
-- background).
CREATE TABLE IF NOT EXISTS parallax.run_arrivals
(
    test_id      String,
    model_name   LowCardinality(String),
    precision    LowCardinality(String),
    tier         LowCardinality(String),
    device_class LowCardinality(String),
    run_id       String,
    first_event  SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_event   SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    devices      SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    last_stored  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (test_id, model_name, precision, tier, device_class, run_id)
