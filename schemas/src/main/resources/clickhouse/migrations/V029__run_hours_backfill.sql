-- Fills run_hours (V027) with the events stored before its view (V028) kept it. Run again, or over events the view
-- added too, it adds the same rows again: the first and last event time of a key are the same however often counted.
INSERT INTO parallax.run_hours (hour, run_id, test_id, model_name, precision, tier, device_class, device_id,
    first_event, last_event)
SELECT toStartOfHour(event_time) AS hour, run_id, test_id, model_name, precision, tier, device_class, device_id,
    min(event_time), max(event_time)
FROM parallax.inference_events
WHERE run_id != ''
GROUP BY hour, run_id, test_id, model_name, precision, tier, device_class, device_id
