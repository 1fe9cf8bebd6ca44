package dev.parallax.analytics.throttle;

import static dev.parallax.analytics.throttle.Timeline.closed;
import static dev.parallax.analytics.throttle.Timeline.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EpisodeDetectorTest {

    private static final ThrottleSettings DEFAULTS = ThrottleSettings.defaults();

    private static EpisodeDetector detector() {
        return new EpisodeDetector(DEFAULTS);
    }

    @Test
    void opensAtThresholdAndClosesBelowHysteresis() {
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 9, 70).temperature(10, 40, 85).temperature(41, 100, 70).samples();
        List<ThrottleEpisode> emitted = run(detector(), samples);

        // Confirmed when the hot span reaches 10 s (t = 20), updated every 10 s, then closed by the sample at 41.
        assertEquals(List.of(true, true, true, false), emitted.stream().map(ThrottleEpisode::open).toList());
        assertEquals(List.of(20_000L, 30_000L, 40_000L, 41_000L),
                emitted.stream().map(ThrottleEpisode::endTime).toList());
        assertEquals(List.of(40_000L, 60_000L, 80_000L, 82_001L),
                emitted.stream().map(ThrottleEpisode::version).toList());

        ThrottleEpisode episode = closed(emitted);
        assertEquals(episodeId("pi-1", 10_000), episode.episodeId());
        assertEquals(emitted.getFirst().episodeId(), episode.episodeId(), "updates and final row share the id");
        assertEquals("pi-1", episode.deviceId());
        assertEquals(Timeline.CLASS, episode.deviceClass());
        assertEquals(10_000, episode.startTime());
        assertEquals(41_000, episode.endTime());
        assertEquals(31_000, episode.durationMs());
        assertEquals(85, episode.peakTempC());
        assertEquals(85, episode.meanTempC());
        assertEquals(31, episode.samples(), "opening sample up to, not including, the closing one");
        assertEquals(0, episode.inferences());
        assertTrue(Double.isNaN(episode.latencyInflation()));
    }

    @Test
    void dipBetweenOffAndOnThresholdDoesNotClose() {
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 20, 85).temperature(21, 40, 77).temperature(41, 50, 82)
                .temperature(51, 52, 75) // exactly T_on - 5 is not below it
                .temperature(53, 100, 74.9).samples();
        List<ThrottleEpisode> emitted = run(detector(), samples);

        ThrottleEpisode episode = closed(emitted);
        assertEquals(0, episode.startTime());
        assertEquals(53_000, episode.endTime());
        assertEquals(85, episode.peakTempC());
        double expectedMean = (21 * 85 + 20 * 77 + 10 * 82 + 2 * 75) / 53.0;
        assertEquals(expectedMean, episode.meanTempC(), 1e-12);
    }

    @Test
    void throttlingBitsAloneOpenAndCloseAfterThirtyQuietSeconds() {
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 4, null, 0b1)        // under-voltage alone is not throttling
                .temperature(5, 9, null, 0xF0000)    // "has occurred" bits alone are not either
                .temperature(10, 25, null, 0b100)    // currently throttled
                .temperature(26, 120, null, 0).samples();
        List<ThrottleEpisode> emitted = run(detector(), samples);

        ThrottleEpisode episode = closed(emitted);
        assertEquals(10_000, episode.startTime());
        assertEquals(55_000, episode.endTime(), "30 s after the last throttling bit at 25 s");
        assertTrue(Double.isNaN(episode.peakTempC()));
        assertTrue(Double.isNaN(episode.meanTempC()));
        assertEquals(45, episode.samples());
    }

    @Test
    void coolTemperatureWaitsForThirtyBitQuietSeconds() {
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 20, 85.0, 0b1000)   // hot and soft temperature limit
                .temperature(21, 30, 60.0, 0b10)    // cool but arm frequency still capped
                .temperature(31, 120, 60.0, 0x50000).samples();
        ThrottleEpisode episode = closed(run(detector(), samples));
        assertEquals(0, episode.startTime());
        assertEquals(60_000, episode.endTime(), "cool from 21 s, but bits were seen until 30 s");
        assertEquals(Duration.ofMinutes(1).toMillis(), episode.durationMs());
    }

    @Test
    void episodesWithHotSpanUnderTenSecondsAreNoise() {
        List<ThermalSample> noise = new Timeline("pi-1")
                .temperature(0, 9, 85)       // hot span 0..9 s: 9 s
                .temperature(10, 60, 70).samples();
        assertEquals(List.of(), run(detector(), noise));

        List<ThermalSample> justEnough = new Timeline("pi-1")
                .temperature(0, 10, 85)      // hot span 0..10 s: 10 s
                .temperature(11, 60, 70).samples();
        List<ThrottleEpisode> emitted = run(detector(), justEnough);
        assertEquals(2, emitted.size());
        assertTrue(emitted.getFirst().open());
        assertEquals(11_000, closed(emitted).endTime());
    }

    @Test
    void hotSpanCountsOnlyHotSamplesNotTheCoolingTail() {
        // Hot for 5 s, then 77 °C (not hot, not cool) for a minute: the episode stays open but is never confirmed.
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 5, 85).temperature(6, 70, 77).temperature(71, 120, 70).samples();
        assertEquals(List.of(), run(detector(), samples));
    }

    @Test
    void outOfOrderWithinGraceGivesTheSameResultAsInOrder() {
        Timeline timeline = new Timeline("pi-1").temperature(0, 30, 72).temperature(31, 95, 88.5)
                .temperature(96, 130, 79).temperature(131, 200, 71);
        for (int s = 0; s < 200; s += 3) {
            timeline.inference(s + 0.5, s % 2 == 0 ? "yolo" : "resnet", "t" + (s % 5), 10 + s % 7);
        }
        List<ThermalSample> inOrder = timeline.samples().stream()
                .sorted(ThermalSample.PROCESSING_ORDER).toList();
        // Reverse every block of 25 s: each sample arrives at most 25 s late, within the 30 s grace.
        List<ThermalSample> shuffled = new ArrayList<>();
        for (long block = 0; block <= 200_000; block += 25_000) {
            long from = block;
            shuffled.addAll(inOrder.stream()
                    .filter(s -> s.eventTime() >= from && s.eventTime() < from + 25_000).toList().reversed());
        }
        assertNotEquals(inOrder, shuffled);

        EpisodeDetector ordered = detector();
        EpisodeDetector disordered = detector();
        List<ThrottleEpisode> expected = run(ordered, inOrder);
        assertEquals(expected, run(disordered, shuffled));
        assertArrayEquals(ordered.toBytes(), disordered.toBytes());
        assertEquals(0, disordered.lateSamples());
        assertEquals(31_000, closed(expected).startTime());
        assertEquals(131_000, closed(expected).endTime());
    }

    @Test
    void samplesBeyondTheGraceAreCountedLateAndIgnored() {
        EpisodeDetector detector = detector();
        run(detector, new Timeline("pi-1").temperature(0, 100, 70).samples());
        // The watermark is at 70 s: a hot sample from 60 s is late and must not open anything.
        assertEquals(List.of(), detector.onSample(
                ThermalSample.telemetry("late", "pi-1", Timeline.CLASS, 60_000, 99.0, 0b100)));
        assertEquals(1, detector.lateSamples());
        assertFalse(detector.hasOpenEpisode());
        // A redelivered, already processed sample is late too, never counted twice.
        detector.onSample(ThermalSample.telemetry("pi-1-t5", "pi-1", Timeline.CLASS, 5_000, 70.0, null));
        assertEquals(2, detector.lateSamples());
    }

    @Test
    void silentGapEndsAtTheClosingSampleAfterIt() {
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 15, 90).temperature(600, 700, 60).samples();
        ThrottleEpisode episode = closed(run(detector(), samples));
        assertEquals(0, episode.startTime());
        assertEquals(600_000, episode.endTime());
        assertEquals(16, episode.samples());
    }

    @Test
    void devicesAreIndependent() {
        List<ThermalSample> hot = new Timeline("pi-hot").temperature(0, 30, 90).temperature(31, 100, 60).samples();
        List<ThermalSample> cool = new Timeline("pi-cool").temperature(0, 100, 60).samples();
        EpisodeDetector hotDetector = detector();
        EpisodeDetector coolDetector = detector();
        List<ThrottleEpisode> hotEpisodes = new ArrayList<>();
        for (int i = 0; i < hot.size(); i++) {
            hotEpisodes.addAll(hotDetector.onSample(hot.get(i)));
            assertEquals(List.of(), coolDetector.onSample(cool.get(i)));
        }
        assertEquals("pi-hot", closed(hotEpisodes).deviceId());
        assertNotEquals(episodeId("pi-hot", 0), episodeId("pi-cool", 0));
        assertThrows(IllegalArgumentException.class, () -> hotDetector.onSample(cool.getFirst()));
    }

    @Test
    void thresholdIsPerDeviceClass() {
        ThrottleSettings settings = ThrottleSettings.builder().onThresholdC(Timeline.CLASS, 70).build();
        List<ThermalSample> samples = new Timeline("pi-1")
                .temperature(0, 20, 72).temperature(21, 80, 64.9).samples();
        ThrottleEpisode episode = closed(run(new EpisodeDetector(settings), samples));
        assertEquals(21_000, episode.endTime(), "off threshold is 70 - 5 = 65");
        assertEquals(List.of(), run(detector(), samples), "72 °C is below the default 80 °C");
        assertEquals(80, settings.onThresholdC("coral-usb"));
    }

    @Test
    void latencyInflationIsTheInferenceWeightedRatioOfMedians() {
        Timeline timeline = new Timeline("pi-1")
                .temperature(0, 399, 60).temperature(400, 440, 85).temperature(441, 500, 60)
                // Outside the 5 minutes before the start at 400 s: ignored.
                .inference(99.9, "yolo", "t1", 1_000)
                // Baseline [100 s, 400 s): yolo lower median of {10, 11, 12, 13} = 11, resnet 100.
                .inference(100, "yolo", "t1", 13).inference(200, "yolo", "t1", 10)
                .inference(300, "yolo", "t1", 12).inference(399.9, "yolo", "t1", 11)
                .inference(150, "resnet", "t2", 100)
                .inference(250, "mobilenet", "t3", 5) // no inference in the episode: takes no part
                // Episode: yolo median of {33, 22, 22} = 22 (ratio 2), resnet 150 (ratio 1.5), bert no baseline.
                .inference(405, "yolo", "t1", 33).inference(410, "yolo", "t1", 22)
                .inference(415, "yolo", "t4", 22).inference(420, "resnet", "t2", 150)
                .inference(425, "bert", "t5", 400);
        ThrottleEpisode episode = closed(run(detector(), timeline.samples().stream()
                .sorted(ThermalSample.PROCESSING_ORDER).toList()));

        assertWithinOnePercent((3 * 2.0 + 1 * 1.5) / 4, episode.latencyInflation());
        assertEquals(5, episode.inferences());
        assertEquals(4, episode.testsAffected(), "t1, t2, t4, t5");
        assertEquals(41 + 5, episode.samples());
    }

    @Test
    void baselineCoversOnlyTheFiveMinutesBeforeTheStart() {
        Timeline timeline = new Timeline("pi-1")
                .temperature(0, 404, 60).temperature(405, 430, 85).temperature(431, 500, 60)
                // More than 5 minutes before the start at 405 s: they must not count.
                .inference(60, "yolo", "t1", 1_000).inference(100, "yolo", "t1", 1_000)
                .inference(104.9, "yolo", "t1", 1_000)
                // Inside: lower median of {10, 10, 14, 14} = 10; with the older ones it would be 14.
                .inference(110, "yolo", "t1", 10).inference(200, "yolo", "t1", 10)
                .inference(300, "yolo", "t1", 14).inference(404, "yolo", "t1", 14)
                .inference(410, "yolo", "t1", 20);
        ThrottleEpisode episode = closed(run(detector(), timeline.samples().stream()
                .sorted(ThermalSample.PROCESSING_ORDER).toList()));

        assertEquals(405_000, episode.startTime());
        assertWithinOnePercent(2.0, episode.latencyInflation());
    }

    @Test
    void baselineSlicesMustHaveAWidth() {
        assertThrows(IllegalArgumentException.class,
                () -> ThrottleSettings.builder().baselineSlice(Duration.ZERO).build());
        assertEquals(10_000, DEFAULTS.baselineSliceMs());
    }

    @Test
    void stateStaysBoundedWhateverTheInferenceRate() {
        // No grace: the samples waiting for the watermark grow with rate × grace by design; this is about the rest.
        EpisodeDetector detector = new EpisodeDetector(ThrottleSettings.builder().grace(Duration.ZERO).build());
        long inferences = 1_000_000;
        long durationMs = Duration.ofMinutes(5).toMillis();
        long hotFrom = Duration.ofMinutes(3).toMillis();
        int largest = 0;
        long nextTelemetry = 0;
        List<ThrottleEpisode> emitted = new ArrayList<>();
        for (long i = 0; i < inferences; i++) {
            long time = i * durationMs / inferences;
            if (time >= nextTelemetry) {
                double celsius = nextTelemetry >= hotFrom ? 90 : 60;
                emitted.addAll(detector.onSample(ThermalSample.telemetry("t" + nextTelemetry, "pi-1", Timeline.CLASS,
                        nextTelemetry, celsius, null)));
                if (nextTelemetry % 10_000 == 0) {
                    largest = Math.max(largest, detector.toBytes().length);
                }
                nextTelemetry += 1_000;
            }
            // 10 to 30 ms, doubled during the episode.
            double latency = (10 + (i * 7_919 % 1_000) / 50.0) * (time >= hotFrom ? 2 : 1);
            emitted.addAll(detector.onSample(ThermalSample.inference("i" + i, "pi-1", Timeline.CLASS, time, null,
                    null, i % 3 == 0 ? "resnet" : "yolo", "t1", latency)));
        }
        largest = Math.max(largest, detector.toBytes().length);

        assertTrue(largest < 64 * 1024, "largest state: " + largest + " bytes");
        ThrottleEpisode latest = emitted.getLast();
        assertTrue(latest.open());
        assertEquals(hotFrom, latest.startTime());
        assertTrue(latest.inferences() > 300_000, "inferences in the episode: " + latest.inferences());
        assertWithinOnePercent(2.0, latest.latencyInflation());
    }

    @Test
    void restoredDetectorContinuesIdentically() {
        List<ThermalSample> samples = hotMinuteWithInferences().stream().sorted(ThermalSample.PROCESSING_ORDER).toList();

        EpisodeDetector uninterrupted = detector();
        List<ThrottleEpisode> expected = run(uninterrupted, samples);

        EpisodeDetector first = detector();
        List<ThrottleEpisode> actual = new ArrayList<>(run(first, samples.subList(0, 120)));
        assertTrue(first.hasOpenEpisode());
        assertTrue(!first.pending().isEmpty());
        EpisodeDetector restored = EpisodeDetector.fromBytes(first.toBytes(), DEFAULTS);
        assertArrayEquals(first.toBytes(), restored.toBytes());
        actual.addAll(run(restored, samples.subList(120, samples.size())));

        assertEquals(expected, actual);
        assertArrayEquals(uninterrupted.toBytes(), restored.toBytes());
    }

    @Test
    void snapshotWithoutWaitingSamplesPlusTheReceivedOnesRestoresTheSameDetector() {
        List<ThermalSample> samples = new ArrayList<>(hotMinuteWithInferences());
        Collections.shuffle(samples, new Random(7));
        EpisodeDetector uninterrupted = detector();
        List<ThrottleEpisode> expected = run(uninterrupted, samples);

        // Snapshots at several points; the engine hands back every sample received since the first one, late
        // ones and ones already processed included, some twice.
        EpisodeDetector live = detector();
        List<ThrottleEpisode> actual = new ArrayList<>();
        int from = 0;
        for (int cut : new int[] {1, 40, 41, 120, samples.size()}) {
            actual.addAll(run(live, samples.subList(from, cut)));
            EpisodeDetector restored = EpisodeDetector.fromBytes(live.toBytesWithoutWaiting(), DEFAULTS);
            assertTrue(restored.pending().isEmpty());
            List<ThermalSample> received = new ArrayList<>(samples.subList(0, cut));
            received.addAll(samples.subList(0, Math.min(cut, 30)));
            restored.restoreWaiting(received);
            assertEquals(live.pending(), restored.pending());
            assertArrayEquals(live.toBytes(), restored.toBytes());
            live = restored;
            from = cut;
        }
        assertEquals(expected, actual);
        assertArrayEquals(uninterrupted.toBytes(), live.toBytes());
        assertTrue(live.toBytesWithoutWaiting().length < live.toBytes().length);
    }

    @Test
    void restoringAnotherDevicesSamplesIsRefused() {
        EpisodeDetector detector = detector();
        run(detector, new Timeline("pi-1").temperature(0, 5, 70).samples());
        assertThrows(IllegalArgumentException.class,
                () -> detector.restoreWaiting(new Timeline("pi-2").temperature(0, 1, 70).samples()));
    }

    @Test
    void rejectsCorruptedState() {
        EpisodeDetector detector = detector();
        run(detector, new Timeline("pi-1").temperature(0, 50, 90).samples());
        byte[] bytes = detector.toBytes();
        assertThrows(StateFormatException.class,
                () -> EpisodeDetector.fromBytes(Arrays.copyOf(bytes, bytes.length - 3), DEFAULTS));
        byte[] future = bytes.clone();
        future[1] = 3;
        assertThrows(StateFormatException.class, () -> EpisodeDetector.fromBytes(future, DEFAULTS));
    }

    @Test
    void readsVersionOneStateWhichKeptEveryLatency() {
        // A detector of version 1 that has processed up to 290 s: an episode open since 250 s with yolo latencies
        // {20, 30} against a baseline median of 10, and the baseline's raw latencies.
        StateWriter v1 = new StateWriter(0x54, 1)
                .writeNullableString("pi-1").writeNullableString(Timeline.CLASS)
                .writeSignedVarLong(320_000).writeVarLong(0).writeBoolean(true).writeDouble(85)
                .writeVarLong(0);                                   // nothing pending
        v1.writeVarLong(3);                                         // baseline: yolo 10, 10, 12 ms
        v1.writeSignedVarLong(100_000).writeString("yolo").writeDouble(10);
        v1.writeSignedVarLong(50_000).writeString("yolo").writeDouble(10);
        v1.writeSignedVarLong(50_000).writeString("yolo").writeDouble(12);
        v1.writeBoolean(true)
                .writeSignedVarLong(250_000).writeSignedVarLong(290_000).writeSignedVarLong(290_000)
                .writeSignedVarLong(Long.MIN_VALUE).writeSignedVarLong(280_000)
                .writeVarLong(41).writeVarLong(2).writeVarLong(39).writeDouble(39 * 85.0).writeDouble(85)
                .writeVarLong(1).writeString("t1")
                .writeVarLong(1).writeString("yolo").writeDouble(10)
                .writeVarLong(1).writeString("yolo").writeVarLong(2).writeDouble(20).writeDouble(30);
        EpisodeDetector restored = EpisodeDetector.fromBytes(v1.toByteArray(), DEFAULTS);
        assertTrue(restored.hasOpenEpisode());
        assertEquals(2, restored.toBytes()[1], "written again in the current version");

        // Cools at 300 s; a second episode at 360 s compares against the migrated baseline (median 10).
        List<ThrottleEpisode> emitted = run(restored, new Timeline("pi-1").temperature(300, 359, 60)
                .temperature(360, 380, 85).inference(365, "yolo", "t2", 30).temperature(381, 420, 60).samples()
                .stream().sorted(ThermalSample.PROCESSING_ORDER).toList());
        List<ThrottleEpisode> closed = emitted.stream().filter(e -> !e.open()).toList();
        assertEquals(2, closed.size());
        ThrottleEpisode first = closed.getFirst();
        assertEquals(250_000, first.startTime());
        assertEquals(300_000, first.endTime());
        assertEquals(41, first.samples());
        assertEquals(2, first.inferences());
        assertWithinOnePercent(2.0, first.latencyInflation());
        assertEquals(360_000, closed.getLast().startTime());
        assertWithinOnePercent(3.0, closed.getLast().latencyInflation());
    }

    /** Latency inflation divides two sketched medians, each within 0.5 % of the exact one. */
    /** 30 s warm, a minute hot (an episode), a minute warm again, with an inference every 2 s. */
    private static List<ThermalSample> hotMinuteWithInferences() {
        Timeline timeline = new Timeline("pi-1").temperature(0, 30, 70).temperature(31, 90, 86)
                .temperature(91, 150, 70);
        for (int s = 0; s < 150; s += 2) {
            timeline.inference(s + 0.25, "yolo", "t1", 20 + s % 3);
        }
        return timeline.samples();
    }

    private static void assertWithinOnePercent(double expected, double actual) {
        assertEquals(expected, actual, 0.01 * expected, "latency inflation");
    }

    /** The documented episode id, computed independently: a name-based UUID of device id and start time. */
    private static String episodeId(String deviceId, long start) {
        return UUID.nameUUIDFromBytes((deviceId + "\u0000" + start).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
