-- Keeps run_arrivals (V030): every insert into inference_events stamps its runs with the time it was stored.
CREATE MATERIALIZED VIEW IF NOT EXISTS parallax.run_arrivals_mv TO parallax.run_arrivals AS
SELECT test_id, model_name, precision, tier, device_class, run_id, min(event_time) AS first_event,
    max(event_time) AS last_event, groupUniqArray(CAST(device_id AS String)) AS devices,
    now64(3, 'UTC') AS last_stored
FROM parallax.inference_events
WHERE run_id != ''
GROUP BY test_id, model_name, precision, tier, device_class, run_id
