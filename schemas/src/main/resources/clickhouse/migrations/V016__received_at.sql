-- When the broker received each InferenceEvent (SPEC section 3a): the Kafka record's timestamp, which is the broker's
-- append time on the input topics. A device's clock offset is its event_time minus this, so readers can show and
-- alert on a device whose clock is off. Rows written before the sink stored it read as their event_time (offset 0).
-- The minmax index lets "received in the last minutes" skip every granule received earlier: the sort key is by
-- test and event time, not by arrival.
ALTER TABLE parallax.inference_events
    ADD COLUMN IF NOT EXISTS received_at DateTime64(3, 'UTC') DEFAULT event_time AFTER event_time,
    ADD INDEX IF NOT EXISTS received_at_minmax received_at TYPE minmax GRANULARITY 1
