-- inference_events is sorted by test and event time: its received_at index skips granules received outside a range,
-- but a granule holds every device of a test and the read stays long (15 ms for the last 10 minutes, 40 ms for events
-- received in a day but stamped outside it, at 10 M events). This projection sorts the columns the fleet's device
-- reads use by arrival, as by_arrival does for device_samples (V040). V043 builds it for the events stored before.
ALTER TABLE parallax.inference_events
    ADD PROJECTION IF NOT EXISTS by_arrival
        (SELECT device_id, device_class, tier, event_time, received_at, temperature_c ORDER BY received_at)
