-- The rubric's verdict beside the target tier (SPEC section 7): RUN_ON_CLOUD, MOVE_TO_EDGE, FIX_COOLING or KEEP.
-- Fix cooling and run on cloud share a target tier, so the tier alone does not say which advice it is.
ALTER TABLE parallax.recommendations ADD COLUMN IF NOT EXISTS placement LowCardinality(String) DEFAULT '' AFTER recommended_tier
