package dev.parallax.insights.placement;

import dev.parallax.analytics.placement.CostModel;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** The cost model in use, kept in {@code cost_models} (migration V014); SPEC §7 defaults until an admin saves one. */
@Service
public class CostModels {

    static final String NAME = "default";

    private final Warehouse warehouse;
    private final Clock clock;

    public CostModels(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    public CostModel current() {
        List<CostModel> saved = warehouse.query("""
                SELECT edge_node_usd, edge_amortization_days, edge_load_power_w, electricity_usd_per_kwh,
                    edge_ops_usd_per_year, cloud_gpu_usd_per_hour, cloud_ops_usd_per_hour
                FROM parallax.cost_models FINAL WHERE name = ?
                """, rs -> new CostModel(rs.getDouble("edge_node_usd"),
                Duration.ofDays(rs.getLong("edge_amortization_days")), rs.getDouble("edge_load_power_w"),
                rs.getDouble("electricity_usd_per_kwh"), rs.getDouble("edge_ops_usd_per_year"),
                rs.getDouble("cloud_gpu_usd_per_hour"), rs.getDouble("cloud_ops_usd_per_hour")), NAME);
        return saved.isEmpty() ? CostModel.DEFAULTS : saved.getFirst();
    }

    /** Saves the model (already validated by its constructor) as the one in use. */
    public void save(CostModel model, String user) {
        if (model.edgeAmortization().toDays() < 1) {
            throw new IllegalArgumentException("amortize the edge node over at least a day");
        }
        Instant now = clock.instant();
        long last = warehouse.query("SELECT max(version) FROM parallax.cost_models", rs -> rs.getLong(1)).getFirst();
        warehouse.update("""
                INSERT INTO parallax.cost_models (name, edge_node_usd, edge_amortization_days, edge_load_power_w,
                    electricity_usd_per_kwh, edge_ops_usd_per_year, cloud_gpu_usd_per_hour, cloud_ops_usd_per_hour,
                    updated_by, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, NAME, model.edgeNodeUsd(), model.edgeAmortization().toDays(), model.edgeLoadPowerW(),
                model.electricityUsdPerKwh(), model.edgeOpsUsdPerYear(), model.cloudGpuUsdPerHour(),
                model.cloudOpsUsdPerHour(), user, now, Math.max(now.toEpochMilli(), last + 1));
    }
}
