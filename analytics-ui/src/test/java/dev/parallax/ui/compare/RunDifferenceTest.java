package dev.parallax.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.ui.compare.ComparedFigure.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which way each figure is better, and what too little data gives. */
class RunDifferenceTest {

    private static final SeriesKey SERIES = new SeriesKey("t", "m", "INT8", "EDGE", "pi5");

    @Test
    void fasterWithHigherSqnrAndFewerFlipsIsBetter() {
        RunSamples a = new RunSamples(latencies(50, 400), new double[] {1, 1.2, 1.1}, 1_000, 80, spread(25, 200));
        RunSamples b = new RunSamples(latencies(40, 400), new double[] {0.6, 0.7, 0.65}, 1_000, 20, spread(32, 200));
        Map<String, ComparedFigure> figures = byName(RunDifference.of(SERIES, a, b));
        assertEquals(Verdict.BETTER, figures.get("p50 latency").verdict());
        assertEquals(Verdict.BETTER, figures.get("energy per inference").verdict());
        assertEquals(Verdict.BETTER, figures.get("flip rate").verdict());
        assertEquals(Verdict.BETTER, figures.get("mean SQNR").verdict(), "SQNR higher is better");
    }

    @Test
    void tooFewInferencesForAnIntervalStillGetTheDistributionsTestAndNoneGetNothing() {
        RunSamples a = new RunSamples(latencies(50, 30), new double[0], 0, 0, new double[0]);
        RunSamples b = new RunSamples(latencies(60, 30), new double[0], 0, 0, new double[0]);
        Map<String, ComparedFigure> figures = byName(RunDifference.of(SERIES, a, b));
        assertEquals(Verdict.WORSE, figures.get("p50 latency").verdict());
        assertTrue(figures.get("p99 latency").test().contains("too few inferences"), figures.get("p99 latency").test());
        assertEquals(Verdict.UNKNOWN, figures.get("energy per inference").verdict());
        assertEquals(3, figures.size(), "no pairs in either run: no divergence figures");

        Map<String, ComparedFigure> none = byName(RunDifference.of(SERIES, a, RunSamples.NONE));
        assertEquals(Verdict.UNKNOWN, none.get("p50 latency").verdict());
        assertEquals("not enough data", none.get("p50 latency").b());
    }

    private static Map<String, ComparedFigure> byName(List<ComparedFigure> figures) {
        return figures.stream().collect(Collectors.toMap(ComparedFigure::figure, f -> f));
    }

    /** n latencies from {@code base} up, 0.1 ms apart in a cycle of 20, ascending. */
    private static double[] latencies(double base, int n) {
        return IntStream.range(0, n).mapToDouble(i -> base + (i % 20) * 0.1).sorted().toArray();
    }

    private static double[] spread(double mean, int n) {
        return IntStream.range(0, n).mapToDouble(i -> mean + (i % 10 - 4.5) * 0.2).toArray();
    }
}
