package dev.parallax.insights;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.GroupLease;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The lease that makes the insights work (alert evaluation and its webhook, placement, the scheduled drift report)
 * happen once per cycle however many processes could do it: only the one holding it does that work, and another
 * takes over when it stops. Keys: {@code ui.lease.session.seconds} (10), how long a silent holder keeps it, and
 * {@code ui.insights} (true): whether a UI process takes part; the local stack runs the work in the insights service
 * ({@link InsightsMain}) and sets it false for the UI, which then keeps views, sign-in and people's actions only.
 */
@Configuration
class LeaseConfiguration {

    @Bean(destroyMethod = "close")
    GroupLease insightsLease(ParallaxConfig config) {
        if (!InsightsMain.runsHere(config)) return GroupLease.none("insights");
        return GroupLease.join(KafkaClientSettings.from(config), "insights",
                Duration.ofSeconds(config.getLong("ui.lease.session.seconds", 10)));
    }
}
