package dev.parallax.insights.regression;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Change points over runs: the detector's settings ({@code regression.max.p.value}, {@code regression.min.magnitude},
 * {@code regression.window}, defaults in {@link ParallaxConfig}) and the background analysis that keeps
 * {@code change_points} current for the reports and the test pages: every {@value #INTERVAL_MINUTES} minutes, each
 * series with events of a run stored in the last day, however old the run.
 */
@Configuration
public class RegressionConfiguration implements SchedulingConfigurer {

    static final long INTERVAL_MINUTES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RegressionConfiguration.class);

    private final Clock clock;
    private ChangePoints changePoints;
    private RunSeriesReader reader;

    public RegressionConfiguration(Clock clock) {
        this.clock = clock;
    }

    /** The detector's settings from the configuration. */
    public static ChangePointSettings settings(ParallaxConfig config) {
        return new ChangePointSettings(config.getInt(ParallaxConfig.REGRESSION_WINDOW, 0),
                config.getDouble(ParallaxConfig.REGRESSION_MAX_P_VALUE, Double.NaN),
                config.getDouble(ParallaxConfig.REGRESSION_MIN_MAGNITUDE, Double.NaN));
    }

    /** The runs' figures as every page, report and the gate read them, keeping those of settled runs. */
    @Bean
    RunSeriesReader runSeries(Warehouse warehouse, ParallaxConfig config) {
        return RunSeriesReader.keeping(warehouse,
                Duration.ofSeconds(config.getInt(ParallaxConfig.REGRESSION_FIGURES_SETTLE_SECONDS, 300)));
    }

    @Bean
    ChangePoints changePoints(Warehouse warehouse, RunSeriesReader runSeries, ParallaxConfig config) {
        reader = runSeries;
        changePoints = new ChangePoints(warehouse, runSeries, settings(config), clock);
        return changePoints;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(() -> {
            Instant now = clock.instant();
            try {
                // By when their events were stored, not when they happened: a run uploaded late is analysed too.
                changePoints.analyse(reader.keysStoredSince(now.minus(Duration.ofDays(1))));
            } catch (RuntimeException e) {
                LOG.warn("change-point analysis failed (retried in {} min): {}", INTERVAL_MINUTES, e.toString());
            }
        }, Duration.ofMinutes(INTERVAL_MINUTES));
    }
}
