-- Fills device_heard (V034) with the events stored before its views (V035, V036) kept it. Run again, or over events
-- the views added too, it adds the same maxima again.
INSERT INTO parallax.device_heard (device_id, device_class, tier, last_event)
SELECT device_id, any(device_class), any(tier), max(event_time)
FROM (
    SELECT CAST(device_id AS String) AS device_id, CAST(device_class AS String) AS device_class,
        CAST(tier AS String) AS tier, event_time
    FROM parallax.inference_events
    UNION ALL
    SELECT CAST(device_id AS String), CAST(device_class AS String), CAST(tier AS String), event_time
    FROM parallax.device_samples
)
GROUP BY device_id
