-- Where and when each run's inferences were, per series (test_id, model_name, precision, tier, device_class), device
-- and hour of event time: the runs pages list a week's runs from these rows instead of every raw event (issue 15).
-- Only what a resent copy cannot change is kept: a copy has its event's run, series, device and time, so the key and
-- the first and last event time are the same however often an event was sent, and a late event merges into its hour
-- whenever it arrives. How many inferences a run had is not here: that needs each event_id once (SPEC section 3a),
-- and readers count it on inference_events for the few runs they show. Kept by the materialized view run_hours_mv
-- (V028); V029 fills it with the events stored before. Read with GROUP BY (rows of a key merge in the background).
CREATE TABLE IF NOT EXISTS parallax.run_hours
(
    hour         DateTime('UTC'),
    run_id       String,
    test_id      String,
    model_name   LowCardinality(String),
    precision    LowCardinality(String),
    tier         LowCardinality(String),
    device_class LowCardinality(String),
    device_id    LowCardinality(String),
    first_event  SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_event   SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, run_id, test_id, model_name, precision, tier, device_class, device_id)
