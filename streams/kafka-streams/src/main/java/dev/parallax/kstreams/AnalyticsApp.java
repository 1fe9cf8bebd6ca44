package dev.parallax.kstreams;

import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.KafkaMeters;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.metrics.StateGauge;
import dev.parallax.process.HealthFile;
import dev.parallax.streams.records.EventTimePolicy;
import dev.parallax.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs the analytics topology against the configured Kafka cluster, exactly once, until SIGTERM.
 *
 * <p>Configuration: {@code kafka.bootstrap} and {@code kafka.client.*}, {@code streams.application.id} (default
 * {@code parallax-analytics}), {@code streams.threads} (1), {@code streams.replication} (internal topics'
 * replication factor, 1 for the embedded broker; -1 takes the cluster's default), state in
 * {@code $PARALLAX_HOME/data/streams}, {@code kafka.session.timeout.ms} (10,000: how soon a crashed
 * instance's partitions move to a new one), {@code streams.commit.interval.ms} (1,000: each commit is a
 * transaction; fewer, larger ones cost less and still keep freshness well under 5 s),
 * {@code streams.max.state.bytes} (8 MiB: the largest operator state record in a changelog),
 * {@code analytics.metrics.port} (9403) and {@code analytics.metrics.bind} (127.0.0.1) for its {@code /metrics}.
 */
public final class AnalyticsApp {

    private AnalyticsApp() {
    }

    public static Properties properties(ParallaxConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("streams.application.id", "parallax-analytics"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedOutputs.class);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getInt("streams.commit.interval.ms", 1_000));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("streams.threads", 1));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt("streams.replication", 1));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.home().resolve("data").resolve("streams").toString());
        // A throttle detector holds its device's last 30 s of samples (the grace): at thousands of inferences a
        // second on one device that passes Kafka's default 1 MB record size in its changelog.
        int maxStateBytes = config.getInt("streams.max.state.bytes", 8 << 20);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxStateBytes);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), maxStateBytes);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt("kafka.session.timeout.ms", 10_000));
        return KafkaClientSettings.from(config).propertiesFor("analytics job", props);
    }

    /**
     * Refuses input topics with different numbers of partitions: a device's samples are analysed in the task of
     * its partition, which must be the same partition number in every input topic.
     *
     * @throws IllegalStateException naming the topics and their partition counts
     */
    static void requireCopartitionedInputs(ParallaxConfig config) throws InterruptedException {
        try (Admin admin = Admin.create(KafkaClientSettings.from(config).configFor("analytics job's admin", Map.of()))) {
            Map<String, Integer> partitions = new TreeMap<>();
            admin.describeTopics(Topics.INPUTS).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> partitions.put(topic, description.partitions().size()));
            if (new HashSet<>(partitions.values()).size() > 1) {
                throw new IllegalStateException("the input topics must have the same number of partitions (the"
                        + " events of a device are analysed in the task of their partition number): " + partitions);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the input topics " + Topics.INPUTS + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds the client's own metrics (its consumers' lag per partition among them, as Kafka names them) and its
     * state as {@code parallax_job_state{job="analytics"}}; closing the result unbinds the client's.
     */
    static KafkaMeters.Bound instrument(KafkaStreams streams, MeterRegistry registry) {
        StateGauge.register(registry, "analytics", KafkaStreams.State.class, streams::state);
        return KafkaMeters.bind(registry, (scheduler, refresh) -> new KafkaStreamsMetrics(streams, List.of(), scheduler, refresh));
    }

    public static void main(String[] args) throws InterruptedException {
        ParallaxConfig config = ParallaxConfig.load();
        requireCopartitionedInputs(config);
        MetricsEndpoint metrics = MetricsEndpoint.start(config, MetricsService.ANALYTICS, "127.0.0.1");
        AnalyticsSettings settings = AnalyticsSettings.builder().arrival(EventTimePolicy.arrival(config))
                .metrics(new PipelineMetrics(metrics.registry())).build();
        KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(settings), properties(config));
        KafkaMeters.Bound clientMetrics = instrument(streams, metrics.registry());
        CountDownLatch failed = new CountDownLatch(1);
        // A bug in an operator stops the client and the process; the launcher's supervisor restarts it, and it
        // resumes from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            System.err.println("analytics stopped by an unexpected error: " + e);
            e.printStackTrace();
            failed.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // The launcher's probe reads it: RUNNING is the one state in which the job processes events.
        HealthFile health = HealthFile.of(config, "analytics");
        streams.setStateListener((newState, oldState) -> health.report(newState.name()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            clientMetrics.close();
            metrics.close();
        }, "analytics-shutdown"));
        streams.start();
        System.out.println("analytics running on " + config.kafkaBootstrap() + ", metrics at " + metrics.url());
        failed.await();
        System.exit(1);
    }
}
