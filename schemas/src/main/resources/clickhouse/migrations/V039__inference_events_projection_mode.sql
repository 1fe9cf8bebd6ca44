-- As V038, for inference_events and its projection (V041).
ALTER TABLE parallax.inference_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild'
