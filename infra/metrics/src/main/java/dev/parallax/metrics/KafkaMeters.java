package dev.parallax.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * A Kafka client's own metrics (Micrometer's {@code KafkaClientMetrics} or {@code KafkaStreamsMetrics}), its lag per
 * partition among them ({@code kafka_consumer_fetch_manager_records_lag{topic,partition}}). Kafka adds a partition's
 * meters only once the partition is assigned and fetched; they are looked for every {@link #REFRESH}, not every
 * minute as by default, so a scrape soon after a start or a rebalance shows them.
 */
public final class KafkaMeters {

    static final Duration REFRESH = Duration.ofSeconds(5);

    /** Bound meters; closing unbinds them. */
    public interface Bound extends AutoCloseable {
        @Override
        void close();
    }

    private KafkaMeters() {
    }

    /**
     * Binds the binder {@code make} returns for a scheduler and refresh interval; closing the result unbinds it and
     * stops its scheduler.
     */
    public static <B extends MeterBinder & AutoCloseable> Bound bind(
            MeterRegistry registry, BiFunction<ScheduledExecutorService, Duration, B> make) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kafka-meters").daemon().factory());
        B binder = make.apply(scheduler, REFRESH);
        binder.bindTo(registry);
        return () -> {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot unbind Kafka client meters", e);
            } finally {
                scheduler.shutdownNow();
            }
        };
    }
}
