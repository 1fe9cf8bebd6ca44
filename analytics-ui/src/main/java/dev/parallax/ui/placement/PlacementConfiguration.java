package dev.parallax.ui.placement;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.ui.alerts.AlertOverrides;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Recommendations recomputed in the background. Keys: {@code ui.placement.window.hours} (evidence window, 24),
 * {@code ui.placement.interval.minutes} (5); a test's latency budget is its alert override, else
 * {@code ui.alerts.budget.ms}.
 */
@Configuration
public class PlacementConfiguration implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementConfiguration.class);

    private final ParallaxConfig config;
    private Recommendations recommendations;

    public PlacementConfiguration(ParallaxConfig config) {
        this.config = config;
    }

    @Bean
    Recommendations recommendations(Warehouse warehouse, CostModels costs, AlertOverrides overrides, Clock clock) {
        recommendations = new Recommendations(warehouse, costs, overrides, config.getDouble("ui.alerts.budget.ms",
                Double.NaN), Duration.ofHours(config.getLong("ui.placement.window.hours", 24)), clock);
        return recommendations;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration interval = Duration.ofMinutes(config.getLong("ui.placement.interval.minutes", 5));
        registrar.addFixedDelayTask(() -> {
            try {
                recommendations.recompute();
            } catch (RuntimeException e) {
                LOG.warn("recommendations not recomputed (retried in {}): {}", interval, e.toString());
            }
        }, interval);
    }
}
