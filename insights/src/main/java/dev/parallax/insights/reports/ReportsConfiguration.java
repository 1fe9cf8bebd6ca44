package dev.parallax.insights.reports;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;

/**
 * The scheduled drift report. Keys: {@code ui.reports.cron} (Spring cron, seconds first, UTC; default
 * {@code 0 0 6 * * *}, daily at 06:00) and {@code ui.reports.period.hours} (the period each one covers up to the
 * hour it runs in; 24).
 */
@Configuration
public class ReportsConfiguration implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(ReportsConfiguration.class);

    private final ParallaxConfig config;
    private final Clock clock;
    private final GroupLease lease;
    private Reports reports;

    public ReportsConfiguration(ParallaxConfig config, Clock clock, GroupLease lease) {
        this.config = config;
        this.clock = clock;
        this.lease = lease;
    }

    @Bean
    Reports reports(Warehouse warehouse) {
        reports = new Reports(warehouse, clock);
        return reports;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        String cron = config.get("ui.reports.cron", "0 0 6 * * *");
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("ui.reports.cron is not a cron expression (6 fields, seconds first): "
                    + cron);
        }
        Duration period = Duration.ofHours(config.getLong("ui.reports.period.hours", 24));
        registrar.addCronTask(() -> {
            if (!lease.isHeld()) return; // another replica writes the report
            Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS);
            try {
                StoredReport r = reports.generate("daily", to.minus(period), to);
                LOG.info("drift report {} kept ({} bytes)", r.title(), r.bytes());
            } catch (RuntimeException e) {
                LOG.warn("scheduled drift report failed: {}", e.toString());
            }
        }, cron);
    }
}
