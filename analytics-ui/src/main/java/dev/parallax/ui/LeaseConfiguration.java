package dev.parallax.ui;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The lease that makes the UI's background work (alert evaluation and its webhook, placement, the scheduled drift
 * report) happen once per cycle however many UI replicas run: only the replica holding it does that work, and
 * another takes over when it stops. Key: {@code ui.lease.session.seconds} (10), how long a silent holder keeps it.
 */
@Configuration
class LeaseConfiguration {

    @Bean(destroyMethod = "close")
    GroupLease insightsLease(ParallaxConfig config) {
        return GroupLease.join(KafkaClientSettings.from(config), "insights",
                Duration.ofSeconds(config.getLong("ui.lease.session.seconds", 10)));
    }
}
