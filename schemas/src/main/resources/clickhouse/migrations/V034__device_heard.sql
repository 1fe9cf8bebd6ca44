-- Each device's newest event time, of inference events and device samples alike, with its class and tier: the fleet's
-- readers (the overview, the alert rules, a device's page) ask which devices were heard from lately, which read every
-- event of the horizon before (about 3 M rows for a day of 1,000 devices). Kept by materialized views on both tables
-- (V035, V036); V037 fills it with the events stored before. A late or resent event only ever adds its own time to a
-- maximum, so it cannot make one wrong. Read with GROUP BY (rows of a device merge in the background).
CREATE TABLE IF NOT EXISTS parallax.device_heard
(
    device_id    String,
    device_class SimpleAggregateFunction(any, String),
    tier         SimpleAggregateFunction(any, String),
    last_event   SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY device_id
