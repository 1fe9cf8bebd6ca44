-- As V042, for inference_events' projection (V041).
ALTER TABLE parallax.inference_events MATERIALIZE PROJECTION by_arrival
