package dev.parallax.ui.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.ui.FleetData;
import dev.parallax.ui.WarehouseFixture;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Analyses kept between looks: the same as the CI gate's, each page's series read together, a series read again only
 * when it changed, so a run just finished is judged at once.
 */
class SeriesAnalysesTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant FIRST = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));

    /** The reader the UI uses, noting which series each read of series asked for. */
    static final class CountingReader extends RunSeriesReader {

        final List<Set<SeriesKey>> reads = new ArrayList<>();

        CountingReader(Warehouse warehouse) {
            super(warehouse);
        }

        @Override
        public Map<SeriesKey, RunSeries> series(Collection<SeriesKey> keys) {
            reads.add(Set.copyOf(keys));
            return super.series(keys);
        }
    }

    @Test
    void aPageOfSeriesIsReadTogetherOnceAndNotAgainWhileUnchanged() {
        Warehouse w = warehouse.warehouse();
        SeriesKey edge = runs(w, "sa-page", "EDGE", "sa-pi", "pi5-hailo8l", 40, 20);
        SeriesKey cloud = runs(w, "sa-page", "CLOUD", "sa-gpu", "cloud-a10g", 8, 12);
        SeriesKey none = new SeriesKey("sa-page", "sa-model", "INT8", "EDGE", "coral-usb");
        CountingReader reader = new CountingReader(w);
        ChangePoints changePoints = new ChangePoints(w, reader, ChangePointSettings.defaults(), CLOCK);
        SeriesAnalyses analyses = new SeriesAnalyses(reader, changePoints);

        Map<SeriesKey, SeriesAnalysis> first = analyses.current(List.of(edge, cloud, none, edge));
        assertEquals(List.of(Set.of(edge, cloud, none)), reader.reads, "one read for the page's three series");
        assertEquals(new RegressionGate(new RunSeriesReader(w), changePoints).changesAt(edge, "sa-page-EDGE-20"),
                first.get(edge).changes().stream().filter(c -> c.runId().equals("sa-page-EDGE-20")).toList());
        assertEquals(changePoints.find(List.of(edge, cloud, none)), first, "the CI gate's own analyses");
        assertEquals(20, first.get(edge).series().runs().size());
        assertTrue(first.get(none).series().runs().isEmpty(), "a series without runs: nothing to judge");
        reader.reads.clear();

        Map<SeriesKey, SeriesAnalysis> again = analyses.current(List.of(cloud, edge));
        assertSame(first.get(edge), again.get(edge), "kept");
        assertSame(first.get(cloud), again.get(cloud), "kept");
        assertEquals(List.of(), reader.reads, "nothing changed: nothing read");

        // A series without runs has no state to keep it by: it is read each time it is asked for.
        analyses.current(List.of(none, edge));
        assertEquals(List.of(Set.of(none)), reader.reads);
    }

    @Test
    void aRunJustFinishedIsJudgedAtOnce() {
        Warehouse w = warehouse.warehouse();
        SeriesKey key = runs(w, "sa-new", "EDGE", "sa-pi", "pi5-hailo8l", 40, 30);
        CountingReader reader = new CountingReader(w);
        ChangePoints changePoints = new ChangePoints(w, reader, ChangePointSettings.defaults(), CLOCK);
        SeriesAnalyses analyses = new SeriesAnalyses(reader, changePoints);
        assertFalse(analyses.gate().changesAt(key, "sa-new-EDGE-30").stream().anyMatch(RunChange::fails));

        // Three runs 25 % slower arrive after the page was last read: the first of them starts a regression.
        for (int i = 31; i <= 33; i++) {
            FleetData.inferences(w, "sa-new-EDGE-" + i, FIRST.plus(Duration.ofHours(i)), 1, 10, "sa-new", "sa-model",
                    "EDGE", "sa-pi", "pi5-hailo8l", 50, 9, 4);
        }
        reader.reads.clear();
        List<RunChange> atNew = analyses.gate().changesAt(key, "sa-new-EDGE-31");
        assertEquals(List.of(Set.of(key)), reader.reads, "the series gained runs: read again");
        assertTrue(atNew.stream().anyMatch(c -> c.fails() && c.metric() == RunMetric.P99_LATENCY_MS), atNew.toString());
        assertEquals(new RegressionGate(new RunSeriesReader(w), changePoints).changesAt(key, "sa-new-EDGE-31"), atNew,
                "the CI gate's verdict");

        // Marked expected: the next look passes the run.
        changePoints.analyse(key);
        changePoints.expect(key, RunMetric.P99_LATENCY_MS, "sa-new-EDGE-31", "olga", "new model version");
        List<RunChange> marked = analyses.gate().changesAt(key, "sa-new-EDGE-31");
        assertTrue(marked.stream().filter(c -> c.metric() == RunMetric.P99_LATENCY_MS)
                .allMatch(c -> "olga".equals(c.expectedBy()) && !c.fails()), marked.toString());
    }

    @Test
    void aLookAtThousandsOfSeriesReadsThemAFewHundredAtATime() {
        Warehouse w = warehouse.warehouse();
        CountingReader reader = new CountingReader(w);
        SeriesAnalyses analyses = new SeriesAnalyses(reader,
                new ChangePoints(w, reader, ChangePointSettings.defaults(), CLOCK));
        // An export's chunk: 2,000 series with long names; their states' query lists them three times, some 650 KiB.
        List<SeriesKey> keys = IntStream.range(0, 2000).mapToObj(i -> new SeriesKey(
                "sa-export-a-test-with-a-rather-long-name-" + i, "sa-model-with-a-long-name", "INT8", "EDGE",
                "pi5-hailo8l")).toList();
        RegressionGate gate = analyses.gate();
        gate.lookAt(keys);
        assertEquals(Collections.nCopies(10, RegressionGate.SERIES_PER_READ),
                reader.reads.stream().map(Set::size).toList());
        assertTrue(gate.changesAt(keys.getLast(), "sa-export-run").isEmpty(), "looked at: no runs, no change");
        assertEquals(10, reader.reads.size(), "nothing read again");
    }

    /** {@code count} runs of a test an hour apart, 10 inferences each at about {@code latencyMs}; returns its series. */
    private static SeriesKey runs(Warehouse w, String testId, String tier, String deviceId, String deviceClass,
                                  double latencyMs, int count) {
        SplittableRandom random = new SplittableRandom(testId.hashCode());
        for (int i = 1; i <= count; i++) {
            FleetData.inferences(w, testId + "-" + tier + "-" + i, FIRST.plus(Duration.ofHours(i)), 1, 10, testId,
                    "sa-model", tier, deviceId, deviceClass, latencyMs * (1 + 0.01 * random.nextGaussian()), 9, 4);
        }
        return new SeriesKey(testId, "sa-model", tier.equals("EDGE") ? "INT8" : "FP32", tier, deviceClass);
    }
}
