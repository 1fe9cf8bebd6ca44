package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.ReferencePairingAnalytic;
import dev.parallax.streams.records.TestRun;
import dev.parallax.streams.records.ThrottleEpisodeAnalytic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The Flink adapter of keyed-state analytics in an operator harness, without a cluster: pairing with expiry by
 * the watermark and follow-on window contributions; throttle detection with inputs held until the watermark
 * passes them and episode rows held until an emit tick or the end of a bounded run.
 */
class KeyedStateFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EMIT_INTERVAL_MS = 1_000;
    private static final long T0 = 1_700_000_040_000L;
    private static final long HOUR = 3_600_000;
    private static final JobSettings SETTINGS = new JobSettings(1, 10_000, "file:///unused", 0, "test", "test",
            EMIT_INTERVAL_MS, 60_000, 600_000, "hashmap", ArrivalPolicy.of(Duration.ofDays(7), Duration.ofHours(1)));

    @Test
    void aCandidateAndItsReferencePairAndEachOutcomeContributesToItsWindow() throws Exception {
        try (var harness = pairing()) {
            harness.processWatermark(T0);
            harness.processElement(output("ref-1", T0, "input-1", Precision.FP32, Tier.CLOUD, 1.0f), T0);
            harness.processElement(output("cand-1", T0 + 10, "input-1", Precision.INT8, Tier.EDGE, 1.01f), T0 + 10);

            List<DerivedRecord> records = harness.extractOutputValues();
            assertEquals(1, records.size());
            assertEquals(Topics.DIVERGENCE, records.getFirst().topic());
            assertEquals("cand-1", JSON.readTree(records.getFirst().value()).get("candidate_event_id").asText());
            assertEquals(1, harness.getSideOutput(AnalyticsJob.DIVERGENCE_CONTRIBUTIONS).size());
        }
    }

    @Test
    void aCandidateIsUnmatchedOnceTheWatermarkPassesTheHorizonButNotAtTheEndOfABoundedRun() throws Exception {
        try (var harness = pairing()) {
            harness.processWatermark(T0);
            harness.processElement(output("cand-1", T0, "input-1", Precision.INT8, Tier.EDGE, 1.0f), T0);
            harness.processElement(output("cand-2", T0, "input-2", Precision.INT8, Tier.EDGE, 1.0f), T0);

            harness.processWatermark(T0 + 23 * HOUR);
            assertEquals(0, contributions(harness), "within the 24 h horizon the candidates wait");
            harness.processWatermark(T0 + 25 * HOUR);
            assertEquals(2, contributions(harness), "both reported unmatched, each as a window contribution");
            assertTrue(harness.extractOutputValues().isEmpty(), "an unmatched candidate has no row of its own");
        }
        try (var harness = pairing()) {
            harness.processWatermark(T0);
            harness.processElement(output("cand-1", T0, "input-1", Precision.INT8, Tier.EDGE, 1.0f), T0);
            harness.processWatermark(Long.MAX_VALUE);
            assertEquals(0, contributions(harness), "the end of a replay is no evidence that the horizon passed");
        }
    }

    @Test
    void samplesAheadOfTheWatermarkWaitAndEpisodeRowsWaitForATickOrTheEnd() throws Exception {
        try (var harness = throttle()) {
            // 85 °C from 20 s to 80 s, 70 °C otherwise, one sample every 250 ms, sent newest first per 5 s.
            for (int block = 0; block < 600; block += 20) {
                for (int i = block + 19; i >= block; i--) {
                    long time = T0 + i * 250L;
                    harness.processElement(ThermalInput.of(ThermalSample.telemetry("s-" + i, "pi5-07", "pi5", time,
                            i >= 80 && i < 320 ? 85.0 : 70.0, 0)), time);
                }
            }
            harness.setProcessingTime(EMIT_INTERVAL_MS);
            assertTrue(harness.extractOutputValues().isEmpty(), "nothing reached the detector before a watermark");

            harness.processWatermark(T0 + 100_000);
            assertTrue(harness.extractOutputValues().isEmpty(), "episode rows wait for the emit tick");
            harness.setProcessingTime(2 * EMIT_INTERVAL_MS);
            List<DerivedRecord> open = harness.extractOutputValues();
            assertEquals(1, open.size(), "one row per episode per tick, the newest");
            assertEquals(Topics.THROTTLE, open.getFirst().topic());
            harness.getOutput().clear();

            harness.processWatermark(Long.MAX_VALUE);
            List<DerivedRecord> last = harness.extractOutputValues();
            assertEquals(1, last.size());
            assertEquals(open.getFirst().key(), last.getFirst().key());
            assertTrue(JSON.readTree(last.getFirst().value()).get("end_time").asLong() > 0, "the closed episode");
        }
    }

    /**
     * On RocksDB the states stay live between checkpoints and are written back before the barrier: a run cut by a
     * checkpoint and a restore into a fresh operator gives the rows of the uninterrupted run on the heap.
     */
    @Test
    void onRocksDbLiveStatesAreWrittenBackBeforeTheCheckpointAndRestored() throws Exception {
        JobSettings rocksdb = SETTINGS.toBuilder().stateBackend("rocksdb").build();
        List<ThermalInput> samples = heatedSamples();
        List<String> uninterrupted;
        try (var harness = throttle()) {
            for (ThermalInput sample : samples) harness.processElement(sample, sample.eventTime);
            harness.processWatermark(Long.MAX_VALUE);
            uninterrupted = values(harness.extractOutputValues());
        }

        OperatorSubtaskState checkpoint;
        List<String> rows;
        try (var first = liveThrottle(rocksdb)) {
            first.setStateBackend(new EmbeddedRocksDBStateBackend());
            first.open();
            for (ThermalInput sample : samples.subList(0, 300)) first.processElement(sample, sample.eventTime);
            first.processWatermark(T0 + 40_000);
            first.prepareSnapshotPreBarrier(1);
            checkpoint = first.snapshot(1, 0);
        }
        try (var second = liveThrottle(rocksdb)) {
            second.setStateBackend(new EmbeddedRocksDBStateBackend());
            second.initializeState(checkpoint);
            second.open();
            for (ThermalInput sample : samples.subList(300, samples.size())) second.processElement(sample, sample.eventTime);
            second.processWatermark(Long.MAX_VALUE);
            rows = values(second.extractOutputValues());
        }
        assertEquals(1, uninterrupted.size());
        assertEquals(uninterrupted, rows.subList(rows.size() - 1, rows.size()), "the closed episode, as uninterrupted");
    }

    /**
     * Inputs ahead of the watermark wait encoded as bytes; a checkpoint of an earlier build holds them as lists of
     * POJOs under the old state name, with their timers. Those are taken too when due, in their order: the same
     * episode as when every input waited in the new layout.
     */
    @Test
    void inputsThatWaitedAsObjectsInAnEarlierCheckpointAreTakenWhenDue() throws Exception {
        List<ThermalInput> samples = heatedSamples();
        List<String> encoded;
        try (var harness = throttle()) {
            for (ThermalInput sample : samples) harness.processElement(sample, sample.eventTime);
            harness.processWatermark(Long.MAX_VALUE);
            encoded = values(harness.extractOutputValues());
        }
        try (var harness = throttle()) {
            for (ThermalInput sample : samples) harness.processElement(sample, sample.eventTime);
            // Move every waiting input to the earlier layout, as a restored old checkpoint holds them; timers stay.
            KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("pi5-07");
            MapState<Long, byte[]> waiting = backend.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("throttle-waiting-encoded", Types.LONG,
                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
            MapState<Long, List<ThermalInput>> asObjects = backend.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("throttle-waiting", Types.LONG,
                            Types.LIST(Types.POJO(ThermalInput.class))));
            TypeSerializer<ThermalInput> serializer = Types.POJO(ThermalInput.class).createSerializer(new SerializerConfigImpl());
            List<Long> times = new ArrayList<>();
            waiting.keys().forEach(times::add);
            assertEquals(samples.size(), times.size(), "every sample waits");
            for (long time : times) {
                DataInputDeserializer in = new DataInputDeserializer(waiting.get(time));
                List<ThermalInput> inputs = new ArrayList<>();
                while (in.available() > 0) inputs.add(serializer.deserialize(in));
                asObjects.put(time, inputs);
                waiting.remove(time);
            }
            harness.processWatermark(Long.MAX_VALUE);
            assertEquals(encoded, values(harness.extractOutputValues()));
            assertTrue(asObjects.isEmpty(), "taken");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ThermalInput, DerivedRecord> liveThrottle(
            JobSettings settings) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new LiveStateOperator<>(new KeyedStateFunction<>(settings,
                job -> new ThrottleEpisodeAnalytic(job.throttle()), ThermalInput::sample, Types.POJO(ThermalInput.class),
                DeviceDetectorSerializer.INSTANCE, null, null)), input -> input.deviceId, Types.STRING);
    }

    /** 85 °C from 20 s to 80 s, 70 °C otherwise, one sample every 250 ms for 150 s, in order. */
    private static List<ThermalInput> heatedSamples() {
        List<ThermalInput> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long time = T0 + i * 250L;
            samples.add(ThermalInput.of(ThermalSample.telemetry("s-" + i, "pi5-07", "pi5", time,
                    i >= 80 && i < 320 ? 85.0 : 70.0, 0)));
        }
        return samples;
    }

    private static List<String> values(List<DerivedRecord> records) {
        return records.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).toList();
    }

    /** The pairing as the job runs it, opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, OutputInput, DerivedRecord> pairing() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new LiveStateOperator<>(new KeyedStateFunction<>(
                SETTINGS, job -> new ReferencePairingAnalytic(job.divergence()), OutputInput::event,
                Types.POJO(OutputInput.class), AttributedPairingSerializer.INSTANCE, AnalyticsJob.DIVERGENCE_CONTRIBUTIONS,
                AnalyticsJob::divergenceContribution)), (OutputInput input) -> input.key, Types.STRING);
        harness.open();
        return harness;
    }

    /** Throttle detection as the job runs it, on the heap, opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, ThermalInput, DerivedRecord> throttle() throws Exception {
        var harness = liveThrottle(SETTINGS);
        harness.open();
        return harness;
    }

    private static int contributions(KeyedOneInputStreamOperatorTestHarness<String, OutputInput, DerivedRecord> harness) {
        var queue = harness.getSideOutput(AnalyticsJob.DIVERGENCE_CONTRIBUTIONS);
        return queue == null ? 0 : (int) queue.stream().filter(StreamRecord.class::isInstance).count();
    }

    private static OutputInput output(String eventId, long eventTime, String inputId, Precision precision, Tier tier,
                                      float value) {
        return OutputInput.of(new OutputSample(eventId, eventTime, "resnet50", inputId, precision, tier,
                tier == Tier.EDGE ? "pi5-hailo8l" : "a100", OutputKind.LOGITS, new float[] {value, 2f, 3f}),
                new TestRun("accuracy", "run-1"));
    }
}
