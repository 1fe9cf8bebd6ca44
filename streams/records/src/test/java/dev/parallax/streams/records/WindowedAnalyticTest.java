package dev.parallax.streams.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.latency.LatencyWindowState;
import dev.parallax.contract.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two windowed analytics as both engines see them: summing inputs one by one, or into partials merged
 * later in any grouping (the Kafka Streams job's input tasks), gives the same row; a window survives its
 * codec; only latency shows too-late inputs in its rows.
 */
class WindowedAnalyticTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LatencyKey LATENCY_KEY =
            new LatencyKey("t", "resnet50", "v1", Precision.INT8, Tier.EDGE, "pi5-hailo8l");
    private static final DivergenceKey DIVERGENCE_KEY = new DivergenceKey("resnet50", Precision.INT8, "pi5-hailo8l");

    private final LatencyWindowAnalytic latency = new LatencyWindowAnalytic(LatencySettings.defaults());
    private final DivergenceWindowAnalytic divergence = new DivergenceWindowAnalytic(DivergenceSettings.defaults());

    @Test
    void latencyPartialsMergedInAnyGroupingGiveTheRowOfTheInputsThemselves() throws IOException {
        List<LatencyObservation> inputs = latencyInputs(500, 7);
        assertArrayEquals(row(latency, oneByOne(latency, inputs)), row(latency, inPartials(latency, inputs, 3)));
        assertArrayEquals(row(latency, oneByOne(latency, inputs)), row(latency, inPartials(latency, inputs, 64)));
        JsonNode row = JSON.readTree(row(latency, oneByOne(latency, inputs)));
        assertEquals(500, row.get("count").asLong());
    }

    @Test
    void divergencePartialsMergedInAnyGroupingGiveTheRowOfTheInputsThemselves() {
        List<DivergenceContribution> inputs = new ArrayList<>();
        DivergenceSettings settings = DivergenceSettings.defaults();
        for (int i = 0; i < 40; i++) {
            DivergenceWindow unmatched = settings.newWindow().addUnmatched();
            inputs.add(new DivergenceContribution(DIVERGENCE_KEY, 1_000 + i, unmatched));
        }
        assertArrayEquals(row(divergence, oneByOne(divergence, inputs)), row(divergence, inPartials(divergence, inputs, 7)));
    }

    @Test
    void aWindowSurvivesItsCodec() {
        LatencyWindowState window = oneByOne(latency, latencyInputs(200, 11));
        latency.countTooLate(window, oneByOne(latency, latencyInputs(3, 12)));
        LatencyWindowState decoded = latency.windowCodec().decode(latency.windowCodec().encode(window));
        assertArrayEquals(row(latency, window), row(latency, decoded));
    }

    @Test
    void latencyCountsTooLateInputsInTheNewestWindowsRow() throws IOException {
        assertTrue(latency.countsTooLate());
        LatencyWindowState newest = oneByOne(latency, latencyInputs(10, 1));
        LatencyWindowState tooLate = oneByOne(latency, latencyInputs(4, 2));
        latency.countTooLate(newest, tooLate);
        JsonNode row = JSON.readTree(row(latency, newest));
        assertEquals(10, row.get("count").asLong(), "too-late inputs are not aggregated");
        assertEquals(4, row.get("late_events").asLong());
        assertEquals(14, row.get("version").asLong(), "a too-late input still makes a new version");
    }

    @Test
    void divergenceShowsNoTooLateCountAndLeavesTheNewestWindowAlone() {
        assertFalse(divergence.countsTooLate());
        DivergenceWindow newest = divergence.emptyWindow().addUnmatched();
        byte[] before = row(divergence, newest);
        assertSame(newest, divergence.countTooLate(newest, divergence.emptyWindow().addUnmatched()));
        assertArrayEquals(before, row(divergence, newest));
    }

    @Test
    void rowsGoToTheAnalyticsTopicUnderAKeyNamingTheWindow() {
        DerivedRecord row = latency.row(LATENCY_KEY, 60_000, latency.emptyWindow());
        assertEquals(Topics.LATENCY, row.topic());
        assertEquals(DerivedRecords.latencyWindowKey(LATENCY_KEY, 60_000), row.key());
        assertEquals(Topics.DIVERGENCE, divergence.row(DIVERGENCE_KEY, 0, divergence.emptyWindow()).topic());
    }

    private static List<LatencyObservation> latencyInputs(int count, long seed) {
        Random random = new Random(seed);
        List<LatencyObservation> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean error = random.nextInt(20) == 0;
            inputs.add(new LatencyObservation(1_000 + i, LATENCY_KEY, error ? InferenceStatus.ERROR : InferenceStatus.OK,
                    error ? Double.NaN : 5 + random.nextExponential() * 20));
        }
        return inputs;
    }

    private static <I, K, W> W oneByOne(WindowedAnalytic<I, K, W> analytic, List<I> inputs) {
        W window = analytic.emptyWindow();
        for (I input : inputs) window = analytic.add(window, input);
        return window;
    }

    /** Sums the inputs into partials of {@code size}, sends each through the codec, and merges them. */
    private static <I, K, W> W inPartials(WindowedAnalytic<I, K, W> analytic, List<I> inputs, int size) {
        W window = analytic.emptyWindow();
        for (int from = 0; from < inputs.size(); from += size) {
            W partial = oneByOne(analytic, inputs.subList(from, Math.min(inputs.size(), from + size)));
            window = analytic.merge(window, analytic.windowCodec().decode(analytic.windowCodec().encode(partial)));
        }
        return window;
    }

    private static <I, K, W> byte[] row(WindowedAnalytic<I, K, W> analytic, W window) {
        return analytic.row(keyOf(analytic), 0, window).value();
    }

    @SuppressWarnings("unchecked")
    private static <K> K keyOf(WindowedAnalytic<?, K, ?> analytic) {
        return (K) (analytic instanceof LatencyWindowAnalytic ? LATENCY_KEY : DIVERGENCE_KEY);
    }
}
