-- Builds device_samples' projections (V040) for the samples stored before them, in the background like any mutation;
-- reads that cannot use them yet read the table as before. Run again, it builds them again from the same rows.
ALTER TABLE parallax.device_samples MATERIALIZE PROJECTION by_arrival, MATERIALIZE PROJECTION by_time
