-- When the broker received each DeviceSample, as V016 for inference events: a device that sends only samples still
-- has its clock offset measured. A migration is one statement, hence a file of its own.
ALTER TABLE parallax.device_samples
    ADD COLUMN IF NOT EXISTS received_at DateTime64(3, 'UTC') DEFAULT event_time AFTER event_time,
    ADD INDEX IF NOT EXISTS received_at_minmax received_at TYPE minmax GRANULARITY 1
