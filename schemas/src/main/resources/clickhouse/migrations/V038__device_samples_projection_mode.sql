-- device_samples keeps the copies of a resent sample until a merge keeps one (ReplacingMergeTree). Its projections
-- (V040) are rebuilt from what a merge keeps, so that they hold no copy the table dropped; ClickHouse refuses a
-- projection on such a table until it is told so. Setting it again sets the same.
ALTER TABLE parallax.device_samples MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild'
