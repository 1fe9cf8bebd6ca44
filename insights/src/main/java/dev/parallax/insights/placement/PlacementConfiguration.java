package dev.parallax.insights.placement;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.LeasedCycle;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Recommendations recomputed in the background. Keys: {@code ui.placement.window.hours} (evidence window, 24),
 * {@code ui.placement.interval.minutes} (5); a test's latency budget is its alert override, else
 * {@code ui.alerts.budget.ms}. The page's advice over a range is computed anew when older than
 * {@code ui.placement.fresh.seconds} (60), and shown meanwhile for up to twice the interval: the replica holding the
 * lease then always has the advice of its window at hand from its last recompute, however long that took. A page
 * waits {@code ui.placement.wait.millis} (500) for advice computed for its range, then shows it as being computed.
 */
@Configuration
public class PlacementConfiguration {

    private final ParallaxConfig config;
    private final GroupLease lease;

    public PlacementConfiguration(ParallaxConfig config, GroupLease lease) {
        this.config = config;
        this.lease = lease;
    }

    @Bean
    Recommendations recommendations(Warehouse warehouse, SideBySideReads reads, CostModels costs,
                                    AlertOverrides overrides, Clock clock) {
        return new Recommendations(warehouse, reads, costs, overrides, config.getDouble("ui.alerts.budget.ms",
                Double.NaN), Duration.ofHours(config.getLong("ui.placement.window.hours", 24)), clock);
    }

    /** The page's advice, computed anew on the UI's scheduler: the work it runs in the background is all there. */
    @Bean
    RecentAdvice recentAdvice(Recommendations recommendations, Clock clock, TaskScheduler scheduler) {
        return new RecentAdvice(recommendations, clock, Duration.ofSeconds(config.getLong("ui.placement.fresh.seconds",
                60)), interval().multipliedBy(2), Duration.ofMillis(config.getLong("ui.placement.wait.millis", 500)),
                task -> scheduler.schedule(task, scheduler.getClock().instant()));
    }

    /** Recommendations recomputed every {@code ui.placement.interval.minutes} (5), in the replica holding the lease. */
    @Bean(destroyMethod = "close")
    LeasedCycle placementRecompute(Recommendations recommendations) {
        return LeasedCycle.every(interval(), lease, "placement", recommendations::recompute);
    }

    private Duration interval() {
        return Duration.ofMinutes(config.getLong("ui.placement.interval.minutes", 5));
    }
}
