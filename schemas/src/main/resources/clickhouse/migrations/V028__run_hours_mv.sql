-- Keeps run_hours (V027): every insert into inference_events, late or resent, adds its events' hours.
CREATE MATERIALIZED VIEW IF NOT EXISTS parallax.run_hours_mv TO parallax.run_hours AS
SELECT toStartOfHour(event_time) AS hour, run_id, test_id, model_name, precision, tier, device_class, device_id,
    min(event_time) AS first_event, max(event_time) AS last_event
FROM parallax.inference_events
WHERE run_id != ''
GROUP BY hour, run_id, test_id, model_name, precision, tier, device_class, device_id
