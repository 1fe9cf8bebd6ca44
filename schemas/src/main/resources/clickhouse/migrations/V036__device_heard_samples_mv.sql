-- Keeps device_heard (V034) from every insert into device_samples.
CREATE MATERIALIZED VIEW IF NOT EXISTS parallax.device_heard_samples_mv TO parallax.device_heard AS
SELECT CAST(device_id AS String) AS device_id, any(CAST(device_class AS String)) AS device_class,
    any(CAST(tier AS String)) AS tier, max(event_time) AS last_event
FROM parallax.device_samples
GROUP BY device_id
