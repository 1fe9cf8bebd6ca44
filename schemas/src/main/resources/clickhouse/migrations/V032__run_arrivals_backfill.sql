-- Fills run_arrivals (V030) with the events stored before its view (V031) kept it, stamped with the time this ran.
-- Run again, or over events the view added too, it stamps their runs again: their figures are computed once more.
INSERT INTO parallax.run_arrivals (test_id, model_name, precision, tier, device_class, run_id, first_event,
    last_event, devices, last_stored)
SELECT test_id, model_name, precision, tier, device_class, run_id, min(event_time), max(event_time),
    groupUniqArray(CAST(device_id AS String)), now64(3, 'UTC')
FROM parallax.inference_events
WHERE run_id != ''
GROUP BY test_id, model_name, precision, tier, device_class, run_id
