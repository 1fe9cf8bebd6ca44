package dev.parallax.insights.alerts;

import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.analytics.divergence.DivergenceTolerances;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import dev.parallax.insights.LeasedCycle;
import dev.parallax.metrics.MetricsEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The alert center and its background evaluation. Keys: {@code ui.alerts.interval.seconds} (30),
 * {@code ui.alerts.budget.ms} (default p99 budget of every test; none), {@code ui.alerts.clock.offset.seconds} (a
 * device clock off by this much alerts; 120), {@code ui.alerts.webhook} (unset = no webhook),
 * {@code ui.alerts.webhook.attempts} (5), {@code ui.alerts.webhook.backoff.ms} (1000), {@code divergence.tolerances}
 * (per model and candidate precision; SPEC §5's for all), {@code ui.alerts.snooze.lengths} (what operators may snooze
 * an alert for; 1 h, 4 h, 1 d, 7 d).
 */
@Configuration
public class AlertsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsConfiguration.class);

    private final ParallaxConfig config;
    private final GroupLease lease;

    public AlertsConfiguration(ParallaxConfig config, GroupLease lease) {
        this.config = config;
        this.lease = lease;
    }

    @Bean(destroyMethod = "close")
    KafkaAlertLog alertLog() {
        return new KafkaAlertLog(KafkaClientSettings.from(config));
    }

    @Bean
    AlertCenter alertCenter(FleetSnapshotReader snapshots, AlertOverrides overrides, KafkaAlertLog log, Clock clock,
                            MetricsEndpoint metrics) {
        AlertSettings d = AlertSettings.DEFAULTS;
        AlertSettings settings = new AlertSettings(tolerances(config),
                config.getDouble("ui.alerts.budget.ms", Double.NaN), d.budgetWindows(), d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(), d.maxThrottledShare(),
                d.silentAfter(), clockOffsetLimit(config), d.reliability(), d.overrides());
        AlertCenter center = new AlertCenter(DefaultRules.ALL, settings, snapshots, overrides, log, clock,
                new AlertMetrics(metrics.registry()));
        config.find("ui.alerts.webhook").ifPresent(url -> {
            WebhookNotifier webhook = new WebhookNotifier(URI.create(url), config.getInt("ui.alerts.webhook.attempts", 5),
                    Duration.ofMillis(config.getLong("ui.alerts.webhook.backoff.ms", 1000)), metrics.registry());
            center.onAppended(webhook);
            LOG.info("alert events are posted to the webhook at {}", URI.create(url).getHost());
        });
        return center;
    }

    @Bean
    SnoozeLengths snoozeLengths() {
        return SnoozeLengths.parse(config.get("ui.alerts.snooze.lengths", SnoozeLengths.DEFAULT));
    }

    /** {@code divergence.tolerances}: per model and candidate precision; unset, SPEC §5's for all. */
    public static DivergenceTolerances tolerances(ParallaxConfig config) {
        return DivergenceTolerances.parse(config.get(ParallaxConfig.DIVERGENCE_TOLERANCES, ""));
    }

    /** {@code ui.alerts.clock.offset.seconds}: a device clock off by this much or more alerts (SPEC §3a: 2 min). */
    public static Duration clockOffsetLimit(ParallaxConfig config) {
        return Duration.ofSeconds(config.getLong("ui.alerts.clock.offset.seconds",
                AlertSettings.DEFAULTS.clockOffsetLimit().toSeconds()));
    }

    /**
     * Alert evaluation every {@code ui.alerts.interval.seconds} (30), in the replica holding the lease only, taking
     * the evaluation over at each new term.
     */
    @Bean(destroyMethod = "close")
    LeasedCycle alertEvaluation(AlertCenter center) {
        return LeasedCycle.every(Duration.ofSeconds(config.getLong("ui.alerts.interval.seconds", 30)), lease,
                "alert-evaluation", center::takeOver, center::evaluate);
    }

    /** Every replica follows the alert log, so it shows what the evaluating replica and other people changed. */
    @Bean(destroyMethod = "close")
    AutoCloseable alertLogFollower(AlertCenter center) {
        return center.follow();
    }
}
