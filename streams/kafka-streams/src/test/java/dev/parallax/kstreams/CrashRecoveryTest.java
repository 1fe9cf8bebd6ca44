package dev.parallax.kstreams;

import dev.parallax.testkit.RealStack;
import static dev.parallax.kstreams.TestEvents.T0;

import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.process.JvmProcess;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.sink.ClickHouseSinkMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the stream job and of the sink in the middle of a load, then restarts: every table holds
 * each fact exactly once (counted with FINAL, and by distinct keys).
 */
class CrashRecoveryTest {

    private static final int EVENTS = 12_000;
    private static final int BAD = 120;

    @Test
    void killNineMidLoadLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir)) {
            JvmProcess analytics = start(AnalyticsApp.class, stack, dir, "analytics-1");
            JvmProcess sink = start(ClickHouseSinkMain.class, stack, dir, "sink-1");
            Thread load = Thread.ofPlatform().start(() -> produce(stack));
            try {
                awaitSomeRows(stack);
                analytics.kill();
                sink.kill();
                analytics = start(AnalyticsApp.class, stack, dir, "analytics-2");
                sink = start(ClickHouseSinkMain.class, stack, dir, "sink-2");
                Thread.sleep(3_000);
                analytics.kill(); // and once more while it is catching up
                analytics = start(AnalyticsApp.class, stack, dir, "analytics-3");
                load.join();

                Duration timeout = Duration.ofMinutes(3);
                stack.awaitCount("SELECT count() FROM parallax.inference_events FINAL", EVENTS, timeout);
                stack.awaitCount("SELECT uniqExact(event_id) FROM parallax.inference_events", EVENTS, timeout);
                stack.awaitCount("SELECT count() FROM parallax.dead_letters FINAL", BAD, timeout);
                stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL", EVENTS, timeout);
                stack.awaitCount("SELECT sum(late_events) FROM parallax.latency_windows FINAL", 0, timeout);
            } finally {
                analytics.stop(Duration.ofSeconds(30));
                sink.stop(Duration.ofSeconds(30));
            }
        }
    }

    private static void produce(RealStack stack) {
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
            for (int i = 0; i < EVENTS; i++) {
                // Event time advances 5 ms an event (60 s in all) in publishing order, so however partitions
                // interleave, no event trails the watermark by more than the 30 s grace: none is late.
                String device = "pi5-0" + i % 4;
                InferenceEvent event = TestEvents.inference(T0 + i * 5L, 5 + i % 40).setDeviceId(device).build();
                producer.send(new ProducerRecord<>(Topics.INFERENCE, device.getBytes(), codec.encodeAvro(event)));
                if (i % (EVENTS / BAD) == 0) {
                    producer.send(new ProducerRecord<>(Topics.INFERENCE, ("{bad " + i).getBytes(StandardCharsets.UTF_8)));
                }
                if (i % 1000 == 0) Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitSomeRows(RealStack stack) {
        dev.parallax.process.Readiness.await("first rows", Duration.ofSeconds(60),
                () -> stack.count("SELECT count() FROM parallax.inference_events") > 1_000);
    }

    private static JvmProcess start(Class<?> main, RealStack stack, Path dir, String name) throws java.io.IOException {
        ParallaxConfig config = stack.config;
        return JvmProcess.builder(main.getName()).name(name)
                .env("PARALLAX_HOME", config.home().toString())
                .env("PARALLAX_KAFKA_BOOTSTRAP", config.kafkaBootstrap())
                .env("PARALLAX_CLICKHOUSE_URL", config.clickhouseUrl())
                .env("PARALLAX_CLICKHOUSE_USER", config.clickhouseUser())
                .env("PARALLAX_CLICKHOUSE_PASSWORD", config.clickhousePassword())
                .env("PARALLAX_KAFKA_SESSION_TIMEOUT_MS", "6000")
                .jvmArgs("-Xmx512m")
                .logFile(dir.resolve(name + ".log"))
                .start();
    }
}
