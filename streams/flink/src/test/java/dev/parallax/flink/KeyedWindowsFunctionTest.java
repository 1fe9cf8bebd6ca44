package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.LatencyWindowAnalytic;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink adapter of windowed analytics in an operator harness, without a cluster: SPEC §3a's rules for
 * latency windows, each key judged by its own clock (here with a 1-hour horizon).
 */
class KeyedWindowsFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EMIT_INTERVAL_MS = 1_000;
    private static final long T0 = 1_700_000_040_000L;
    private static final long MINUTE = 60_000;
    private static final LatencyKey EDGE = key("edge-test");
    private static final LatencyKey CLOUD = key("cloud-test");

    private KeyedOneInputStreamOperatorTestHarness<String, LatencyInput, DerivedRecord> harness;
    private long processingTime;

    @BeforeEach
    void open() throws Exception {
        JobSettings settings = new JobSettings(1, 10_000, "file:///unused", 0, "test", "test", EMIT_INTERVAL_MS,
                60_000, 600_000, "hashmap", ArrivalPolicy.of(Duration.ofHours(1), Duration.ofHours(1)));
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new KeyedWindowsFunction<>(settings, job -> new LatencyWindowAnalytic(job.latency()),
                        LatencyInput::observation, LatencyWindowStateSerializer.INSTANCE),
                input -> input.key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aLateEventWithinTheHorizonAmendsItsWindowWhichIsEmittedAgain() throws Exception {
        send(EDGE, T0, 10);
        send(EDGE, T0 + MINUTE, 20);
        Map<Long, JsonNode> first = emitted();
        assertEquals(1, first.get(T0).get("count").asLong());
        assertEquals(1, first.get(T0 + MINUTE).get("count").asLong());

        send(EDGE, T0 + 5_000, 30);
        Map<Long, JsonNode> second = emitted();
        assertEquals(Map.of(T0, 2L), counts(second), "only the amended window goes out again");
        assertTrue(second.get(T0).get("version").asLong() > first.get(T0).get("version").asLong());
    }

    @Test
    void anEventBeyondItsKeysHorizonCountsInTheNewestWindowAndAnotherKeyIsUnaffected() throws Exception {
        send(EDGE, T0 + 2 * 60 * MINUTE, 10);
        emitted();

        send(EDGE, T0, 10);
        send(CLOUD, T0, 5);
        Map<Long, JsonNode> rows = emitted();

        JsonNode newest = rows.get(T0 + 2 * 60 * MINUTE);
        assertEquals(1, newest.get("count").asLong());
        assertEquals(1, newest.get("late_events").asLong(), "the too-late event is counted, not aggregated");
        JsonNode cloud = rows.get(T0);
        assertEquals("cloud-test", cloud.get("test_id").asText(), "the other key's clock has not moved");
        assertEquals(1, cloud.get("count").asLong());
        assertEquals(0, cloud.get("late_events").asLong());
    }

    @Test
    void aWindowUpdatedJustBeforeItFallsBeyondTheHorizonIsStillEmitted() throws Exception {
        send(EDGE, T0, 10);
        send(EDGE, T0 + 2 * 60 * MINUTE, 10);
        assertEquals(Map.of(T0, 1L, T0 + 2 * 60 * MINUTE, 1L), counts(emitted()));
    }

    private void send(LatencyKey key, long eventTime, double latencyMs) throws Exception {
        harness.processElement(LatencyInput.of(new LatencyObservation(eventTime, key, InferenceStatus.OK, latencyMs)),
                eventTime);
    }

    /** Advances processing time past the next emit tick; the rows emitted, by window start. */
    private Map<Long, JsonNode> emitted() throws Exception {
        processingTime += EMIT_INTERVAL_MS;
        harness.setProcessingTime(processingTime);
        Map<Long, JsonNode> rows = new TreeMap<>();
        for (DerivedRecord record : harness.extractOutputValues()) {
            JsonNode row = JSON.readTree(record.value());
            rows.put(row.get("window_start").asLong(), row);
        }
        harness.getOutput().clear();
        return rows;
    }

    private static Map<Long, Long> counts(Map<Long, JsonNode> rows) {
        Map<Long, Long> counts = new TreeMap<>();
        rows.forEach((start, row) -> counts.put(start, row.get("count").asLong()));
        return counts;
    }

    private static LatencyKey key(String testId) {
        return new LatencyKey(testId, "resnet50", "v1", Precision.INT8, Tier.EDGE, "pi5-hailo8l");
    }
}
