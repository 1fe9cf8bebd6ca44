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
import dev.parallax.analytics.latency.LatencyWindowState;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.LatencyWindowAnalytic;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink adapter of windowed analytics in an operator harness, without a cluster: SPEC §3a's rules for
 * latency windows, each key judged by its own clock (here with a 1-hour horizon); windows kept live between
 * checkpoints and restored from one on either backend, and windows of a checkpoint of the earlier layout amended.
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

    private static final JobSettings SETTINGS = new JobSettings(1, 10_000, "file:///unused", 0, "test", "test",
            EMIT_INTERVAL_MS, 60_000, 600_000, "hashmap", ArrivalPolicy.of(Duration.ofHours(1), Duration.ofHours(1)));

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
        harness.open();
    }

    /** The function as the job runs it, its windows live between checkpoints. */
    private static KeyedOneInputStreamOperatorTestHarness<String, LatencyInput, DerivedRecord> harness(String backend)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new LiveStateOperator<>(new KeyedWindowsFunction<>(
                SETTINGS, job -> new LatencyWindowAnalytic(job.latency()), LatencyInput::observation,
                LatencyWindowStateSerializer.INSTANCE)), (LatencyInput input) -> input.key, Types.STRING);
        if ("rocksdb".equals(backend)) harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void windowsCarryOverACheckpointAndALateEventStillAmendsItsWindow(String backend) throws Exception {
        harness.close();
        OperatorSubtaskState checkpoint;
        harness = harness(backend);
        harness.open();
        send(EDGE, T0, 10);
        send(EDGE, T0 + MINUTE, 20);
        send(EDGE, T0 + 2_000, 20);
        assertEquals(Map.of(T0, 2L, T0 + MINUTE, 1L), counts(emitted()));
        harness.prepareSnapshotPreBarrier(1);
        checkpoint = harness.snapshot(1, 0);
        harness.close();

        harness = harness(backend);
        harness.initializeState(checkpoint);
        harness.open();
        send(EDGE, T0 + 5_000, 30);
        assertEquals(Map.of(T0, 3L), counts(emitted()), "the window restored and amended");
    }

    @Test
    void aWindowOfACheckpointOfTheEarlierLayoutIsAmended() throws Exception {
        LatencyWindowAnalytic analytic = new LatencyWindowAnalytic(SETTINGS.latency());
        KeyedStateBackend<String> state = harness.getOperator().getKeyedStateBackend();
        String key = CodecKeys.encode(analytic.keyCodec(), EDGE);
        state.setCurrentKey(key);
        MapState<Long, LatencyWindowState> asObjects = state.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>(analytic.name() + "-windows",
                        LongSerializer.INSTANCE, LatencyWindowStateSerializer.INSTANCE));
        asObjects.put(T0, analytic.add(analytic.emptyWindow(),
                new LatencyObservation(T0, EDGE, InferenceStatus.OK, 10)));

        send(EDGE, T0 + 5_000, 30);
        assertEquals(Map.of(T0, 2L), counts(emitted()), "the earlier window's event and the new one");
        state.setCurrentKey(key);
        assertTrue(asObjects.isEmpty(), "moved");
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
