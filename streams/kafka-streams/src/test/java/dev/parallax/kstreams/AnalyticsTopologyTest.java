package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> inference;
    private TestOutputTopic<String, byte[]> latency;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Processing time far after the test's event times, so nothing is "in the future".
        driver = new TopologyTestDriver(AnalyticsTopology.build(AnalyticsSettings.defaults()), props,
                Instant.ofEpochMilli(T0 + Duration.ofDays(1).toMillis()));
        inference = driver.createInputTopic(Topics.INFERENCE, new ByteArraySerializer(), new ByteArraySerializer());
        latency = driver.createOutputTopic(Topics.LATENCY, new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void latencyWindowHoldsCountErrorsAndQuantilesOfItsMinute() {
        // 1..100 ms in the first minute (JSON and Avro mixed), two errors, then one event in the next minute.
        for (int ms = 1; ms <= 100; ms++) {
            InferenceEvent event = TestEvents.inference(T0 + ms * 100L, ms).build();
            inference.pipeInput(ms % 2 == 0 ? CODEC.encodeAvro(event) : CODEC.encodeJson(event));
        }
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 20_000, 0).setStatus(Status.ERROR)
                .setLatencyMs(null).setErrorMessage("OOM").build()));
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 30_000, 0).setStatus(Status.TIMEOUT)
                .setLatencyMs(null).build()));
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 61_000, 7).build()));

        tick();
        Map<Long, JsonNode> windows = latestWindows();
        JsonNode first = windows.get(T0);
        assertEquals(102, first.get("count").asLong());
        assertEquals(2, first.get("errors").asLong());
        assertEquals(50.5, first.get("mean_ms").asDouble(), 1e-9);
        assertWithinOnePercent(50, first.get("p50_ms").asDouble());
        assertWithinOnePercent(99, first.get("p99_ms").asDouble());
        assertEquals(100, first.get("max_ms").asDouble(), 100 * 0.01);
        assertEquals(T0 + 60_000, first.get("window_end").asLong());
        assertEquals("mobilenet-smoke", first.get("test_id").asText());
        assertEquals("INT8", first.get("precision").asText());
        assertEquals("EDGE", first.get("tier").asText());
        assertEquals(1, windows.get(T0 + 60_000).get("count").asLong());
    }

    @Test
    void updatesAreEmittedOncePerIntervalNotPerEvent() {
        IntStream.range(0, 50).forEach(i -> inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + i, 5 + i).build())));
        tick();
        List<JsonNode> rows = rows(latency.readRecordsToList().stream().map(r -> r.value()).toList());
        assertEquals(1, rows.size(), "one update for 50 events in one interval");
        assertEquals(50, rows.getFirst().get("version").asLong());

        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 500, 1).build()));
        tick();
        JsonNode update = rows(latency.readRecordsToList().stream().map(r -> r.value()).toList()).getFirst();
        assertEquals(51, update.get("count").asLong());
        assertTrue(update.get("version").asLong() > 50, "a newer version replaces the older row");
    }

    @Test
    void aLateEventAmendsItsWindowWhateverTheGrace() {
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 1_000, 10).build()));
        // The key's clock moves to 1:31, past the first window's end (1:00) plus 30 s grace.
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 91_000, 20).build()));
        tick();
        inference.pipeInput(CODEC.encodeAvro(TestEvents.inference(T0 + 2_000, 999).build())); // late, well within 7 days
        tick();

        Map<Long, JsonNode> windows = latestWindows();
        assertEquals(2, windows.get(T0).get("count").asLong());
        assertEquals(0, windows.get(T0).get("late_events").asLong());
        assertEquals(999, windows.get(T0).get("max_ms").asDouble(), 999 * 0.01);
        assertEquals(1, windows.get(T0 + 60_000).get("count").asLong());
    }

    @Test
    void badRecordsBecomeDeadLettersWithReasonOriginAndBytes() {
        byte[] garbage = "{\"event_id\": 42".getBytes(StandardCharsets.UTF_8);
        byte[] nan = new String(CODEC.encodeJson(TestEvents.inference(T0, 1).build()), StandardCharsets.UTF_8)
                .replace("\"latency_ms\":1.0", "\"latency_ms\":NaN").getBytes(StandardCharsets.UTF_8);
        byte[] year2100 = new String(CODEC.encodeJson(TestEvents.inference(T0, 1).build()), StandardCharsets.UTF_8)
                .replace("\"event_time\":" + T0, "\"event_time\":4102444800000").getBytes(StandardCharsets.UTF_8);
        inference.pipeInput(garbage);
        inference.pipeInput(nan);
        inference.pipeInput(year2100);

        List<DeadLetter> letters = deadLetters.readValuesToList().stream().map(DeadLetter::fromJson).toList();
        assertEquals(3, letters.size());
        assertTrue(letters.get(0).reason().startsWith("malformed JSON"), letters.get(0).reason());
        assertTrue(letters.get(1).reason().contains("latency_ms"), letters.get(1).reason());
        assertTrue(letters.get(2).reason().contains("event_time"), letters.get(2).reason());
        assertEquals(Topics.INFERENCE + "/0/0", letters.get(0).deadLetterId());
        assertEquals(Topics.INFERENCE + "/0/2", letters.get(2).deadLetterId());
        assertEquals(new String(garbage, StandardCharsets.UTF_8), letters.get(0).rawText());
        assertTrue(java.util.Arrays.equals(year2100, letters.get(2).raw()));
        tick();
        assertTrue(latency.isEmpty(), "refused events reach no window");
    }

    /** Lets the punctuators run twice: partial windows are handed on, then the windows they update emitted. */
    private void tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    private Map<Long, JsonNode> latestWindows() {
        Map<Long, JsonNode> latest = new LinkedHashMap<>();
        rows(latency.readValuesToList()).stream()
                .sorted(Comparator.comparingLong(row -> row.get("version").asLong()))
                .forEach(row -> latest.put(row.get("window_start").asLong(), row));
        return latest;
    }

    private static List<JsonNode> rows(List<byte[]> values) {
        return values.stream().map(v -> {
            try {
                return JSON.readTree(v);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static void assertWithinOnePercent(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.01, "expected ~" + expected + " but was " + actual);
    }
}
