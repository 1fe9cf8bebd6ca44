package dev.parallax.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.EventCodec;
import dev.parallax.ingest.EventSink;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's output against the distributions it is configured with (numbers from the seeds). */
class FleetSimulatorTest {

    static final long START = 1_767_225_600_000L;
    static final double FLIP_RATE = 0.05;
    static Recorder fleet;

    @BeforeAll
    static void simulate() {
        fleet = new Recorder();
        FleetSimulator.builder().seed(11).devices(12).rate(60).flipRate(FLIP_RATE).goldenInputs(2_000).startEpochMs(START)
                .build().run(fleet, Duration.ofMinutes(40), false, () -> true);
    }

    @Test
    void everyEventIsValidAndEveryKindIsThere() {
        assertEquals(List.of(), fleet.invalid);
        assertTrue(fleet.inferences.size() > 100_000, "inferences: " + fleet.inferences.size());
        assertTrue(fleet.samples.size() > 5_000, "device samples: " + fleet.samples.size());
        assertTrue(fleet.runs.stream().anyMatch(r -> r.getPhase() == RunPhase.STARTED));
        assertTrue(fleet.runs.stream().anyMatch(r -> r.getPhase() == RunPhase.FINISHED));
    }

    @Test
    void latencyPercentilesMatchTheSeedRangesPerModelAndTier() {
        for (ModelProfile model : List.of(ModelProfile.MOBILENET, ModelProfile.SMALL_TRANSFORMER)) {
            for (Tier tier : Tier.values()) {
                double[] latencies = fleet.inferences.stream()
                        .filter(e -> e.model.equals(model.name()) && e.tier == tier && e.status == Status.OK && !e.throttled)
                        .mapToDouble(e -> e.latencyMs).sorted().toArray();
                LatencyRange range = model.latency(tier == Tier.EDGE);
                String what = model.name() + " on " + tier + " (" + latencies.length + " samples)";
                assertTrue(latencies.length > 1_000, what);
                assertEquals(range.low(), percentile(latencies, 0.05), range.low() * 0.08, what + " p5");
                assertEquals(range.median(), percentile(latencies, 0.50), range.median() * 0.05, what + " p50");
                assertEquals(range.high(), percentile(latencies, 0.95), range.high() * 0.08, what + " p95");
            }
        }
    }

    @Test
    void throttledPisAreHotFlaggedAndSlower() {
        List<Inference> edge = fleet.inferences.stream()
                .filter(e -> e.tier == Tier.EDGE && e.model.equals(ModelProfile.MOBILENET.name()) && e.status == Status.OK).toList();
        double[] throttled = edge.stream().filter(e -> e.throttled).mapToDouble(e -> e.latencyMs).sorted().toArray();
        double[] normal = edge.stream().filter(e -> !e.throttled).mapToDouble(e -> e.latencyMs).sorted().toArray();
        assertTrue(throttled.length > 500, "40 minutes are enough for fanless Pis to throttle: " + throttled.length);
        assertEquals(FleetSimulator.THROTTLE_SLOWDOWN, percentile(throttled, 0.5) / percentile(normal, 0.5), 0.12);
        assertTrue(edge.stream().filter(e -> e.throttled).allMatch(e -> e.temperatureC >= 78 && e.temperatureC <= 85.1));
        assertTrue(fleet.inferences.stream().filter(e -> e.tier == Tier.CLOUD).noneMatch(e -> e.throttled));
        assertTrue(fleet.inferences.stream().filter(e -> e.throttled).allMatch(e -> !e.fan), "only fanless Pis throttle");
    }

    @Test
    void powerFollowsTheSeedsIdleAndLoadRanges() {
        for (Inference e : fleet.inferences) {
            if (e.tier != Tier.EDGE) continue;
            assertTrue(e.idlePowerW >= 5 && e.idlePowerW <= 10, "idle " + e.idlePowerW);
            assertTrue(e.powerW >= 15 * 0.85 - 0.1 && e.powerW <= 30.05, "load " + e.powerW);
        }
    }

    @Test
    void int8TopOneDisagreesAtTheConfiguredRate() {
        GoldenOutputs golden = new GoldenOutputs(11, FLIP_RATE);
        Map<String, Boolean> flippedByInput = new HashMap<>();
        for (Inference e : fleet.inferences) {
            if (e.top1 < 0 || e.tier != Tier.EDGE) continue;
            int input = Integer.parseInt(e.inputId.substring(4));
            boolean flipped = e.top1 != GoldenOutputs.argmax(golden.reference(ModelProfile.MOBILENET, input));
            Boolean before = flippedByInput.put(e.inputId, flipped);
            assertTrue(before == null || before == flipped, "an input flips on every device or on none");
        }
        long flips = flippedByInput.values().stream().filter(f -> f).count();
        assertTrue(flippedByInput.size() > 1_500, "inputs seen on the edge: " + flippedByInput.size());
        assertEquals(FLIP_RATE, flips / (double) flippedByInput.size(), 0.015);
    }

    @Test
    void errorsTimeoutsAndLateArrivalsAtTheirRates() {
        double n = fleet.inferences.size();
        assertEquals(0.003, fleet.inferences.stream().filter(e -> e.status == Status.ERROR).count() / n, 0.001);
        assertEquals(0.002, fleet.inferences.stream().filter(e -> e.status == Status.TIMEOUT).count() / n, 0.001);
        assertEquals(0.01, fleet.late / (double) fleet.total, 0.002);
        assertTrue(fleet.outOfOrder > fleet.total / 10, "jitter reorders events: " + fleet.outOfOrder);
    }

    @Test
    void sameSeedSameEvents() {
        Recorder again = new Recorder();
        FleetSimulator.builder().seed(11).devices(12).rate(60).flipRate(FLIP_RATE).goldenInputs(2_000).startEpochMs(START)
                .build().run(again, Duration.ofMinutes(2), false, () -> true);
        Recorder other = new Recorder();
        FleetSimulator.builder().seed(12).devices(12).rate(60).startEpochMs(START)
                .build().run(other, Duration.ofMinutes(2), false, () -> true);
        List<String> prefix = fleet.ids.subList(0, 1_000);
        assertEquals(prefix, again.ids.subList(0, 1_000));
        assertNotEquals(prefix, other.ids.subList(0, 1_000));
    }

    static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    record Inference(String model, String inputId, Tier tier, Status status, double latencyMs, boolean throttled,
                     boolean fan, double temperatureC, double powerW, double idlePowerW, int top1) {
    }

    /** Validates every event and keeps what the assertions need (not the 1000-float outputs). */
    static final class Recorder implements EventSink {
        final EventCodec<InferenceEvent> inferenceCodec = EventCodec.inference();
        final EventCodec<DeviceSample> sampleCodec = EventCodec.deviceSample();
        final EventCodec<RunEvent> runCodec = EventCodec.run();
        final List<Inference> inferences = new ArrayList<>();
        final List<DeviceSample> samples = new ArrayList<>();
        final List<RunEvent> runs = new ArrayList<>();
        final List<String> invalid = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        long total, late, outOfOrder, latestTime;

        @Override
        public void publish(InferenceEvent e) {
            inferenceCodec.validate(e).ifPresent(invalid::add);
            arrived(e.getEventId(), e.getEventTime());
            int top1 = -1;
            if (e.getOutputs() != null) {
                float[] outputs = new float[e.getOutputs().size()];
                for (int i = 0; i < outputs.length; i++) outputs[i] = e.getOutputs().get(i);
                top1 = GoldenOutputs.argmax(outputs);
            }
            int flags = e.getThrottleFlags() == null ? 0 : e.getThrottleFlags();
            inferences.add(new Inference(e.getModelName(), e.getInputId(), e.getTier(), e.getStatus(),
                    e.getLatencyMs() == null ? Double.NaN : e.getLatencyMs(), (flags & 0b1110) != 0,
                    !"passive".equals(e.getAttributes().get("cooling")), e.getTemperatureC(), e.getPowerW(),
                    e.getIdlePowerW(), top1));
        }

        @Override
        public void publish(DeviceSample s) {
            sampleCodec.validate(s).ifPresent(invalid::add);
            arrived(s.getEventId(), s.getEventTime());
            samples.add(s);
        }

        @Override
        public void publish(RunEvent r) {
            runCodec.validate(r).ifPresent(invalid::add);
            arrived(r.getEventId(), r.getEventTime());
            runs.add(r);
        }

        private void arrived(String id, long eventTime) {
            ids.add(id);
            total++;
            if (eventTime < latestTime - 10_000) late++;
            if (eventTime < latestTime) outOfOrder++;
            latestTime = Math.max(latestTime, eventTime);
        }
    }
}
