-- device_samples is sorted by device and a device's granule spans days of its samples, so a read of the fleet by time
-- read a granule of every device, nearly the whole table: "received in the last 10 minutes" (each device's clock
-- offset: the overview, the alert rules, a device's page, the devices list) and "stamped or received in the period"
-- (the devices list), 45 to 100 ms each at 10 M samples. These two sort what those reads use by arrival and by event
-- time; the engine picks one when it reads fewer granules, and the table's own order still serves a device's reads.
-- Only what copies of a sample share is in them, as in the table. V042 builds them for the samples stored before.
ALTER TABLE parallax.device_samples
    ADD PROJECTION IF NOT EXISTS by_arrival
        (SELECT device_id, device_class, tier, event_time, received_at, temperature_c ORDER BY received_at),
    ADD PROJECTION IF NOT EXISTS by_time
        (SELECT device_id, device_class, tier, event_time, received_at, temperature_c ORDER BY event_time)
