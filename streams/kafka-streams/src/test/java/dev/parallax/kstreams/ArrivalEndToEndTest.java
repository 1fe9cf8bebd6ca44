package dev.parallax.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.testkit.RealStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3a through a real broker, the analytics job and the sink into a real ClickHouse: event times at the
 * extremes stop nothing, and a fleet's awkward traffic (a run uploaded at once, a clock ahead, a resent batch)
 * ends as windows that hold every event once.
 */
class ArrivalEndToEndTest {

    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();
    private static final long MINUTE = 60_000;

    @Test
    void extremeTimesStopNothingAndEveryEventCountsOnce(@TempDir Path dir) throws Exception {
        try (RealStack stack = new RealStack(dir)) {
            Properties props = AnalyticsApp.properties(stack.config);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props);
            ClickHouseSink sink = ClickHouseSink.builder().config(stack.config).linger(Duration.ofMillis(100)).build();
            Thread sinkThread = Thread.ofPlatform().start(sink::run);
            streams.start();
            try {
                long now = System.currentTimeMillis() / MINUTE * MINUTE;
                List<InferenceEvent> run = new ArrayList<>();
                for (int i = 0; i < 900; i++) run.add(event("run", now - 40 * MINUTE + i * 1_000, "pi5-01"));
                try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                    // Event times no clock should give: the validator's range refuses four, a month ahead is kept.
                    for (long time : new long[] {0, -5, 4_102_444_800_000L, Long.MAX_VALUE, now + Duration.ofDays(30).toMillis()}) {
                        send(producer, event("extreme", time, "pi5-broken"));
                    }
                    // A finished 15-minute run, 40 minutes old, uploaded at once, then resent whole.
                    run.forEach(event -> send(producer, event));
                    // A device ten minutes ahead, and a right-clock device of the same key.
                    for (int i = 0; i < 100; i++) send(producer, event("ahead", now + 10 * MINUTE + i * 100, "pi5-fast"));
                    for (int i = 0; i < 100; i++) send(producer, event("right", now - 2 * MINUTE + i * 100, "pi5-02"));
                    producer.flush();
                    run.forEach(event -> send(producer, event));
                    producer.flush();
                }

                Duration timeout = Duration.ofSeconds(60);
                long valid = 1 + 900 + 100 + 100;
                stack.awaitCount("SELECT count() FROM parallax.dead_letters FINAL", 4, timeout);
                stack.awaitCount("SELECT count() FROM parallax.inference_events FINAL", valid, timeout);
                stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL", valid, timeout);
                assertEquals(0, stack.count("SELECT sum(late_events) FROM parallax.latency_windows FINAL"));
                assertEquals(900, stack.count("SELECT sum(count) FROM parallax.latency_windows FINAL WHERE window_start < "
                        + "fromUnixTimestamp64Milli(" + (now - 20 * MINUTE) + ")"), "the uploaded run, in its own windows, once");
                assertEquals(100, stack.count("SELECT sum(count) FROM parallax.latency_windows FINAL WHERE window_start = "
                        + "fromUnixTimestamp64Milli(" + (now + 10 * MINUTE) + ")"), "ten minutes ahead is believed");
                assertEquals(KafkaStreams.State.RUNNING, streams.state(), "no record stopped the job");

                // The job restarts with its local state gone (restored from the changelogs), and the run is sent a
                // third time, then one new event: only the new event counts.
                streams.close(Duration.ofSeconds(30));
                streams.cleanUp();
                streams = new KafkaStreams(AnalyticsTopology.build(AnalyticsSettings.defaults()), props);
                streams.start();
                try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                    run.forEach(event -> send(producer, event));
                    send(producer, event("after-restart", now - MINUTE, "pi5-01"));
                }
                stack.awaitCount("SELECT count() FROM parallax.inference_events FINAL", valid + 1, timeout);
                stack.awaitCount("SELECT sum(count) FROM parallax.latency_windows FINAL WHERE window_start = "
                        + "fromUnixTimestamp64Milli(" + (now - MINUTE) + ")", 1, timeout);
                assertEquals(valid + 1, stack.count("SELECT sum(count) FROM parallax.latency_windows FINAL"),
                        "the run resent after a restart counts once");
            } finally {
                streams.close(Duration.ofSeconds(30));
                sink.close();
                sinkThread.join(30_000);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, InferenceEvent event) {
        producer.send(new ProducerRecord<>(Topics.INFERENCE, event.getDeviceId().getBytes(StandardCharsets.UTF_8),
                CODEC.encodeAvro(event)));
    }

    private static InferenceEvent event(String name, long eventTime, String deviceId) {
        return TestEvents.inference(eventTime, 5 + Math.floorMod(eventTime, 97)).setDeviceId(deviceId)
                .setEventId(UUID.nameUUIDFromBytes((name + "/" + deviceId + "/" + eventTime).getBytes()).toString()).build();
    }
}
