-- The cost model of the placement recommendations (SPEC section 7), edited by admins in the UI. One row per
-- model name ('default' is the one in use); a save writes the row again with a higher version.
CREATE TABLE IF NOT EXISTS parallax.cost_models
(
    name                    String,
    edge_node_usd           Float64,
    edge_amortization_days  UInt32,
    edge_load_power_w       Float64,
    electricity_usd_per_kwh Float64,
    edge_ops_usd_per_year   Float64,
    cloud_gpu_usd_per_hour  Float64,
    cloud_ops_usd_per_hour  Float64,
    updated_by              String,
    updated_at              DateTime64(3, 'UTC'),
    version                 UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY name
