package dev.parallax.insights.energy;

import dev.parallax.analytics.energy.EnergyEstimate;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Energy per inference with its 95 % confidence interval (SPEC §8): net power (power − idle, below idle counts as
 * zero, as {@link dev.parallax.analytics.energy.EnergyAccumulator} does) × latency, its count, mean and sample
 * variance taken by the warehouse and turned into an interval by {@link EnergyEstimate#fromMoments}.
 */
@Service
public class EnergyService {

    private final Warehouse warehouse;

    public EnergyService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Per (model, precision, device class) over the period; every test when {@code testId} is empty. Each event once
     * ({@link InferenceCounts#EVENTS}): its inferences are those with power readings, a subset of the test's.
     */
    public List<EnergyFigure> figures(String testId, Period period) {
        return warehouse.query("""
                SELECT model_name, precision, device_class, count() AS n, avg(joules) AS mean_j,
                    varSamp(joules) AS var_j
                FROM (SELECT model_name, precision, device_class,
                             greatest(power_w - idle_power_w, 0) * latency_ms / 1000 AS joules
                      FROM\s""" + InferenceCounts.EVENTS + """

                      WHERE (? = '' OR test_id = ?) AND event_time >= ? AND event_time < ? AND status = 'OK'
                        AND power_w IS NOT NULL AND idle_power_w IS NOT NULL AND latency_ms IS NOT NULL)
                GROUP BY model_name, precision, device_class
                ORDER BY model_name, precision, device_class
                """, rs -> new EnergyFigure(rs.getString("model_name"), rs.getString("precision"),
                rs.getString("device_class"), EnergyEstimate.fromMoments(rs.getLong("n"), rs.getDouble("mean_j"),
                Warehouse.number(rs, "var_j"))), testId, testId, period.from(), period.to());
    }
}
